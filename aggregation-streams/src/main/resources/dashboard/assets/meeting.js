// The quarterly meeting's panels: added value of decentralised approaches (Annex 1), targets with their
// projections, the cohort triangle and the footprint by domain. Loaded with the rest of the page, for the
// network or the territory chosen; every chart has its figures in a table.
import { MESSAGES } from './i18n.js';
import { MEETING_MESSAGES } from './meeting-i18n.js';
import { getJson, readsExactly } from './data.js';
import { OKABE_ITO } from './charts.js';

for (const lang of Object.keys(MEETING_MESSAGES)) Object.assign(MESSAGES[lang], MEETING_MESSAGES[lang]);

const COMPONENTS = ['local-resource-cost', 'administrative-cost', 'needs-targeting', 'unused-resources', 'local-availability',
  'short-circuits', 'relations', 'recognition', 'inclusion', 'social-capital'];
const KEY_ELEMENTS = ['direct-democracy', 'decision-autonomy', 'collective-learning'];
const DOMAINS = ['food', 'housing', 'mobility', 'goods', 'publicServices'];
const COHORTS_SHOWN = 12;

const $ = (sel, root = document) => root.querySelector(sel);
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
let cohortMeasure = 'stillActive';

/** The fields a public answer hid (null in it), as it lists them in `suppressed`. */
const hiddenOf = (o) => new Set(Array.isArray(o?.suppressed) ? o.suppressed : []);
/** A count: null when the API hid it (shown "< k"), 0 when absent. */
const countOf = (o, field) => (hiddenOf(o).has(field) ? null : num(o?.[field]) ?? 0);

/** The meeting's figures for the network ('' territory) or one territory, as `reader` (api/v1/reader) reads them. */
export async function loadMeeting(territory, reader) {
  const scope = territory ? `api/v1/territories/${encodeURIComponent(territory)}` : 'api/v1/network';
  // a territory's cohorts are a series, for the coordination team and its own team: the public page does not ask for them
  const cohortsShown = !territory || readsExactly(territory, reader);
  const [approaches, cohorts, footprint, listed] = await Promise.all([
    getJson(`${scope}/approaches`), cohortsShown ? getJson(`${scope}/cohorts?interval=month`) : Promise.resolve(null),
    getJson(`${scope}/footprint`), getJson('api/v1/targets'),
  ]);
  const targets = await withOwnTargets(Array.isArray(listed) ? listed : [], reader);
  return {
    approaches: (approaches.approaches || []).map((k) => ({
      kind: k.approachKind, evaluations: countOf(k, 'evaluations'), approaches: countOf(k, 'approaches'),
      meanScores: k.meanScores || {}, keyElementShares: k.keyElementShares || {}, tonnes: num(k.tonnesCo2eAvoidedPerYear),
      hidden: hiddenOf(k),
    })),
    cohorts: cohorts ? (cohorts.cohorts || []).slice(-COHORTS_SHOWN) : null,
    footprint: { ...footprint, hidden: hiddenOf(footprint) },
    targets: targets.filter((x) => !territory || !x.territoryId || x.territoryId === territory)
      .map((x) => ({ ...x, hidden: hiddenOf(x) })),
  };
}

/**
 * A territory's team reads the targets as the public does (its token opens only its territory's questions), with its
 * own territory's targets read exactly, from its territory's own list.
 */
async function withOwnTargets(targets, reader) {
  const own = reader?.reader === 'territory' ? reader.territoryId : null;
  if (!own || !targets.some((x) => x.territoryId === own)) return targets;
  const exact = await getJson(`api/v1/territories/${encodeURIComponent(own)}/targets`);
  return [...targets.filter((x) => x.territoryId !== own), ...(Array.isArray(exact) ? exact : [])]
    .sort((a, b) => (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0));
}

/**
 * A mean, share or tonnes: "hidden" when the API hid it ("< 5" would read as under 5 %, or 5 t, while a mean of many
 * values is hidden beside its hidden count), "—" when there is none, else `text`.
 */
function shownOr(ui, hidden, field, value, text) {
  if (hidden.has(field)) return ui.derivedHiddenText();
  return value == null ? '—' : text;
}

/** Draws the four panels; `ui` lends the page's helpers (texts, number formats, chart instances, cells). */
export function renderMeeting(meeting, ui) {
  if (!meeting) return;
  $('#meeting-scope-note').hidden = !ui.countryOnly;
  renderApproaches(meeting.approaches, ui);
  renderTargets(meeting.targets, ui);
  renderCohorts(meeting.cohorts, ui);
  renderFootprintDomains(meeting.footprint, ui);
}

export function setupMeeting(rerender) {
  for (const b of document.querySelectorAll('#cohort-measure button')) {
    b.addEventListener('click', () => { cohortMeasure = b.dataset.measure; rerender(); });
  }
}

const kindName = (t, kind) => t('approachKinds')[kind] || kind;
const componentName = (t, c) => t('components')[c] || c;

/**
 * A score's shade, from the lightest at 1 to the darkest at 5 (the key under the card's note has the same five): the
 * dark text stays at least 5:1 on the darkest, as on the cohorts' cells.
 */
const scoreShade = (v) => `rgba(0, 114, 178, ${(0.08 + 0.15 * (Math.max(1, Math.min(5, v)) - 1)).toFixed(2)})`;

function renderApproaches(kinds, ui) {
  const { t, fmt, row, th, num: cell } = ui;
  $('#approaches-empty').hidden = kinds.length > 0;
  $('#approaches-table tbody').replaceChildren(...kinds.map((k) => {
    const tr = row([th(kindName(t, k.kind)), cell(k.evaluations), cell(k.approaches),
      cell(k.tonnes, shownOr(ui, k.hidden, 'tonnesCo2eAvoidedPerYear', k.tonnes, fmt.decimal(k.tonnes, 1))),
      ...KEY_ELEMENTS.map((e) => {
        const v = num(k.keyElementShares[e]);
        return cell(v, shownOr(ui, k.hidden, `keyElementShares.${e}`, v, fmt.percent(v)));
      })]);
    tr.dataset.kind = k.kind;
    return tr;
  }));
  // the main view: a row per component, a column per kind, each mean score in figures and shaded as a second cue
  $('#approach-scores').hidden = kinds.length === 0;
  const head = $('#approach-scores-table thead tr');
  head.replaceChildren(...[t('colComponent'), ...kinds.map((k) => kindName(t, k.kind))].map((text, i) => {
    const h = document.createElement('th');
    h.scope = 'col';
    if (i > 0) {
      h.className = 'num';
      h.dataset.kind = kinds[i - 1].kind;
    }
    h.textContent = text;
    return h;
  }));
  $('#approach-scores-table tbody').replaceChildren(...COMPONENTS.map((c) => {
    const tr = row([th(componentName(t, c)), ...kinds.map((k) => {
      const v = num(k.meanScores[c]);
      const score = cell(v, shownOr(ui, k.hidden, `meanScores.${c}`, v, fmt.decimal(v, 1)));
      // a hidden mean or none: no shade, as no figure
      if (v != null && !k.hidden.has(`meanScores.${c}`)) score.style.background = scoreShade(v);
      return score;
    })]);
    tr.dataset.component = c;
    return tr;
  }));
}

function targetName(t, x, ui) {
  const metric = t('metrics')[x.metric] || x.metric;
  const tool = x.toolId ? ui.toolName({ toolId: x.toolId, name: x.toolName, names: x.toolNames }) : '';
  const scope = x.territoryId ? ui.territoryName(x.territoryId) : t('scopeNetworkShort');
  return t('targetOf', { metric: metric.replace('{tool}', tool), scope });
}

/**
 * A target's figure worked out from its hidden count (progress, needed per week, projection, on track): "hidden", never
 * "< k", which marks a count only.
 */
function derivedOr(ui, hidden, field, value, text) {
  if (hidden.has(field)) return ui.derivedHiddenText();
  return value == null ? '—' : text;
}

/** The bar of a target whose progress is published. */
function progressBar(x) {
  const meter = document.createElement('div');
  meter.className = 'progress';
  meter.setAttribute('role', 'progressbar');
  meter.setAttribute('aria-valuemin', '0');
  meter.setAttribute('aria-valuemax', String(x.value));
  if (num(x.current) != null) meter.setAttribute('aria-valuenow', String(x.current));
  const fill = document.createElement('span');
  fill.style.width = `${(Math.max(0, Math.min(1, num(x.progress) ?? 0)) * 100).toFixed(1)}%`;
  fill.dataset.track = x.onTrack ? 'on' : 'off';
  meter.append(fill);
  return meter;
}

function renderTargets(targets, ui) {
  const { t, fmt, row, th, td, num: cell } = ui;
  $('#targets-empty').hidden = targets.length > 0;
  $('#targets-table tbody').replaceChildren(...targets.map((x) => {
    const bar = document.createElement('td');
    bar.className = 'progress-cell';
    bar.dataset.value = String(num(x.progress) ?? '');
    // a progress hidden from the public (or not computed) draws no bar: an empty bar would read as 0 %, behind target
    const hiddenProgress = x.hidden.has('progress');
    if (!hiddenProgress && !x.notComputed) bar.append(progressBar(x));
    const label = document.createElement('span');
    label.className = 'progress-label';
    // a territory's target as the public reads it: its progress hidden with the territory's figure of its metric; its
    // count "hidden", not "< k", when the page's published figures show it is at least k (ever, at least the active)
    const bounded = x.hidden.has('current') && ui.targetAtLeast(x) >= ui.k();
    if (bounded) label.dataset.mark = 'hidden-count'; else delete label.dataset.mark;
    const current = bounded ? ui.boundedHiddenText() : fmt.int(x.current);
    label.textContent = x.notComputed ? `— / ${fmt.int(x.value)}`
      : `${current} / ${fmt.int(x.value)} (${derivedOr(ui, x.hidden, 'progress', num(x.progress), fmt.percent(num(x.progress)))})`;
    bar.append(label);
    const hiddenStatus = x.hidden.has('onTrack');
    // a target of a territory the figures do not know: no progress, and the API's reason on hover
    const status = td(x.notComputed ? t('notComputed') : hiddenStatus ? ui.derivedHiddenText() : x.onTrack ? t('onTrack') : t('offTrack'));
    if (x.notComputed) status.title = x.notComputed;
    else if (!hiddenStatus) status.className = x.onTrack ? 'status-good' : 'status-bad';
    status.dataset.value = hiddenStatus || x.notComputed ? '' : String(Boolean(x.onTrack));
    const tr = row([th(targetName(t, x, ui)), bar, td(fmt.date(x.due)),
      cell(num(x.requiredPerWeek), derivedOr(ui, x.hidden, 'requiredPerWeek', num(x.requiredPerWeek), fmt.decimal(x.requiredPerWeek, 1))),
      cell(num(x.projectedAtDue), derivedOr(ui, x.hidden, 'projectedAtDue', num(x.projectedAtDue),
        fmt.int(x.projectedAtDue < x.value ? Math.min(Math.round(x.projectedAtDue), x.value - 1) : Math.round(x.projectedAtDue)))), status]);
    tr.dataset.target = x.targetId;
    return tr;
  }));
}

function renderCohorts(cohorts, ui) {
  const { t, fmt, row, th, num: cell } = ui;
  for (const b of document.querySelectorAll('#cohort-measure button')) b.setAttribute('aria-pressed', String(b.dataset.measure === cohortMeasure));
  $('#cohorts-note').textContent = t(cohortMeasure === 'stillActive' ? 'cohortsNote' : 'cohortsNoteTools');
  // null: a territory's cohorts, which the public page does not show
  $('#cohorts-team-only').hidden = cohorts != null;
  $('#cohort-measure').hidden = cohorts == null;
  if (cohorts == null) cohorts = [];
  $('#cohorts-empty').hidden = cohorts.length > 0 || $('#cohorts-team-only').hidden === false;
  const width = cohorts.reduce((w, c) => Math.max(w, c.stillActive.length), 0);
  const head = $('#cohorts-table thead tr');
  head.replaceChildren(...[t('colCohort'), t('colJoined'), ...Array.from({ length: width }, (_, n) => t('monthN', { n }))]
    .map((text, i) => {
      const h = document.createElement('th');
      h.scope = 'col';
      if (i > 0) h.className = 'num';
      h.textContent = text;
      return h;
    }));
  $('#cohorts-table tbody').replaceChildren(...cohorts.map((c) => {
    const values = cohortMeasure === 'stillActive' ? c.stillActive : c.usedATool;
    const cells = values.map((n) => {
      const share = c.joined > 0 && n != null ? n / c.joined : null;
      // null: a period before the days the figures keep. The count beside its share, as the snapshot shows it: in a
      // title it was read on hover only (review 20, finding 11)
      const el = cell(n, n == null ? '—' : share == null ? fmt.int(n) : t('shareAndCount', { share: fmt.percent(share), n: fmt.int(n) }));
      if (share != null) el.style.background = `rgba(0, 114, 178, ${(0.08 + 0.6 * Math.min(1, share)).toFixed(2)})`;
      return el;
    });
    const tr = row([th(c.cohort), cell(c.joined), ...cells]);
    tr.dataset.cohort = c.cohort;
    return tr;
  }));
}

/** Public services' share of a 2 t life (the note under the chart): a mark on that domain's bar only. */
const PUBLIC_SERVICES_SHARE = 0.25;

function renderFootprintDomains(footprint, ui) {
  const { t, fmt, chart, row, th, num: cell } = ui;
  const domains = (footprint.domains || []).filter((d) => DOMAINS.includes(d.domain));
  const el = $('#chart-footprint-domains');
  const names = domains.map((d) => t('domains')[d.domain] || d.domain);
  const markText = t('fpPublicServicesMark', { tonnes: fmt.decimal(PUBLIC_SERVICES_SHARE, 2) });
  const publicServices = domains.findIndex((d) => d.domain === 'publicServices');
  chart('footprintDomains', el).setOption({
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
    tooltip: { trigger: 'item', valueFormatter: (v) => `${fmt.decimal(v, 2)} t` },
    xAxis: { type: 'value', min: 0, axisLabel: { formatter: (v) => `${fmt.decimal(v, 1)} t` } },
    // the mark's meaning under the name of the one domain it is about, away from the axis' ticks
    yAxis: { type: 'category', data: names, inverse: true,
      axisLabel: { lineHeight: 14, formatter: (name, i) => (i === publicServices ? `${name}\n{mark|${markText}}` : name),
        rich: { mark: { fontSize: 11, color: '#52606d', lineHeight: 14 } } } },
    series: [{
      id: 'domains', type: 'bar', barMaxWidth: 18,
      data: domains.map((d) => ({ value: num(d.meanTonnes), itemStyle: { color: d.domain === 'publicServices' ? OKABE_ITO.purple : OKABE_ITO.sky } })),
      label: { show: true, position: 'right', formatter: (p) => (p.value == null ? '' : `${fmt.decimal(p.value, 2)} t`) },
    }, {
      // a dashed tick across public services' bar alone: 0.25 t is that domain's share, not a goal for every domain
      id: 'publicServicesShare', type: 'custom', silent: true, tooltip: { show: false }, z: 3,
      data: publicServices < 0 ? [] : [[PUBLIC_SERVICES_SHARE, publicServices]],
      encode: { x: 0, y: 1 },
      renderItem: (params, api) => {
        const [x, y] = api.coord([api.value(0), api.value(1)]);
        const half = Math.min(14, api.size([0, 1])[1] / 2);
        return { type: 'line', shape: { x1: x, y1: y - half, x2: x, y2: y + half },
          style: { stroke: OKABE_ITO.black, lineWidth: 2, lineDash: [4, 3] } };
      },
    }],
  }, { notMerge: true });
  el.setAttribute('aria-label', ui.ariaList(t('footprintDomainsTitle'), [
    ...domains.map((d, i) => t('fpDomainAria', { domain: names[i], tonnes: footprint.hidden.has(`domains.${d.domain}.meanTonnes`)
      ? ui.derivedHiddenText() : d.meanTonnes == null ? t('noData') : `${fmt.decimal(d.meanTonnes, 2)} t` })),
    // in words: the "┆" drawn in the chart is read by its Unicode name, or not at all (review 20, finding 15)
    ...(publicServices < 0 ? [] : [t('fpPublicServicesMarkAria', { domain: names[publicServices], tonnes: fmt.decimal(PUBLIC_SERVICES_SHARE, 2) })]),
  ]));
  $('#footprint-domains-table tbody').replaceChildren(...domains.map((d, i) => {
    const tr = row([th(names[i]), cell(num(d.meanTonnes), shownOr(ui, footprint.hidden, `domains.${d.domain}.meanTonnes`,
      num(d.meanTonnes), fmt.decimal(d.meanTonnes, 2))), cell(num(d.assessments))]);
    tr.dataset.domain = d.domain;
    return tr;
  }));
}
