// The dashboard page: loads figures from the query API, redraws on every Server-Sent Event,
// and keeps the language, filters and table order the person chose.
import * as echarts from '../webjars/echarts/5.3.1/dist/echarts.esm.min.js';
import { MESSAGES, preferredLang, translate, wellbeingNote } from './i18n.js';
import {
  getJson, liveUrl, saveViewerToken, forgetViewerToken, viewerToken, minPublishedCount, Unauthorized, HttpError,
  whoReads, setReader, currentReader, readsExactly, withOwnRow,
  normalizeTerritories, normalizeGrowth, normalizeTools, normalizeWellbeing, normalizeSummary,
  normalizeCountry, growthRange, newLastWeek, weekOverWeek, isoWeek,
} from './data.js';
import { growthOption, mapOption, toolsOption, wellbeingOption, footprintOption, escapeHtml } from './charts.js';
import { loadMeeting, renderMeeting, setupMeeting } from './meeting.js';

const LANG_KEY = 'together.lang';
const MIN_REFRESH_GAP_MS = 1000;   // SSE can fire many times a second under load; redraw at most once a second
const POLL_WHEN_OFFLINE_MS = 15000;

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

const params = new URLSearchParams(location.search);
const state = {
  lang: preferredLang(params.get('lang') || storedLang(), navigator.languages || [navigator.language]),
  country: (params.get('country') || '').toUpperCase(),
  territory: params.get('territory') || '',
  sort: { key: 'participantsActive', dir: 'descending' },
  territories: [],
  view: null,          // { summary, growth, tools, wellbeing } for the current filter
  refreshes: 0,
  connection: 'connecting',
  error: null,
  // public; internal (viewer or admin token: every figure exact); territory (a territory's own token: its figures
  // exact, the rest public). Decided by GET api/v1/reader before anything is read with a token.
  audience: 'public',
  reader: null,        // what api/v1/reader answered: { reader, territoryId, territoryName }
  landed: false,       // a territory's team was taken to its territory's page once
  tokenMessage: null,  // why the token was forgotten: 'tokenEnded' (refused by the API)
  k: 5,                // smallest published count, as the API says
  hiddenShown: false,  // a figure was drawn as hidden: the note explains it
  tokenRefused: false,
  paused: false,       // the person paused the live updates (WCAG 2.2.2): the figures stay as they are
  updatesWaiting: 0,   // live updates received while paused, read at once on resume
  loading: false,      // a load is under way
};
const charts = {};

// Exposed for people debugging in the console and for the browser tests (read-only use).
window.togetherDashboard = { state, charts };

function storedLang() {
  try { return localStorage.getItem(LANG_KEY); } catch { return null; }
}

// ---- formatting ---------------------------------------------------------------------------

/** How a suppressed figure reads: "< 5" (k as the API says), explained by the note. */
function hiddenText() {
  state.hiddenShown = true;
  return `< ${state.k}`;
}

// French "12,5 %": Intl puts a no-break space before "%" but a narrow one in "1 234"; the narrow one in both, as the
// catalogue has before ":" and ";" and the snapshot report writes them
const narrowSpaces = (text) => text.replace(/\u00a0/g, '\u202f');

const fmt = {
  // a count is null only when the API hid it (public figures of a territory)
  int: (v) => (v == null ? hiddenText() : new Intl.NumberFormat(state.lang, { maximumFractionDigits: 0 }).format(v)),
  decimal: (v, digits) => (v == null ? '—' : new Intl.NumberFormat(state.lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v)),
  percent: (v) => (v == null ? '—' : narrowSpaces(new Intl.NumberFormat(state.lang, { style: 'percent', maximumFractionDigits: 1 }).format(v))),
  signedPercent: (v) => (v == null ? '—' : narrowSpaces(new Intl.NumberFormat(state.lang, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(v))),
  dateTime: (iso) => (iso ? new Intl.DateTimeFormat(state.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—'),
  date: (iso) => (iso ? new Intl.DateTimeFormat(state.lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso)) : '—'),
  /**
   * A latest event: the public reads it to the day (midnight UTC), so it shows as a date, never as a "12:00 AM" nobody
   * sent an event at; a figure read exactly shows its time.
   */
  eventAt: (iso, exact) => (iso && !exact && /T00:00(:00(\.0+)?)?Z$/.test(iso) ? fmt.date(iso) : fmt.dateTime(iso)),
};

/**
 * A hidden count that the figures this view publishes already show to be at least k (`atLeast`, see publishedAtLeast):
 * "hidden", not "< k", which the page itself would prove false (review 13, finding 3: "active 18 / ever: < 5").
 */
function boundedHiddenText() {
  state.hiddenShown = true;
  return t('hiddenCount');
}

/** Whether a hidden count reads "hidden" rather than "< k": what the published figures show it is at least is k or more. */
const boundedHidden = (obj, field, atLeast) => obj?.[field] == null && !obj?.atLeast?.has(field) && atLeast >= state.k;

/**
 * What a territory's figures published in this view show one of its hidden counts to be at least: each holds the
 * figures inside it. Those ever hold the active ones and every period's new ones; the quarter's new hold the month's,
 * the month's and the week's hold the day's (a week can start in the previous month: inside neither). Only published
 * figures, so it tells nothing they do not; 0 when nothing bounds it (the active ones hold no other figure).
 */
function publishedAtLeast(summary, field) {
  const n = summary?.newParticipants ?? {};
  const inside = {
    participantsEver: [summary?.participantsActive, n.day, n.week, n.month, n.quarter],
    quarter: [n.month, n.day],
    month: [n.day],
    week: [n.day],
  }[field] ?? [];
  return Math.max(0, ...inside.filter((v) => typeof v === 'number'));
}

/**
 * A count of a country's view: the sum of its territories' published counts, "at least" that sum when some territory's
 * count is hidden from the public (a country is not a small count: never "< k"); else as fmt.int, or "hidden" when the
 * view's published figures show the hidden count is at least k (`atLeast`).
 */
function countText(obj, field, atLeast = 0) {
  const v = obj?.[field];
  if (boundedHidden(obj, field, atLeast)) return boundedHiddenText();
  if (!obj?.atLeast?.has(field)) return fmt.int(v);
  // every territory's count hidden: "at least 0" would say nothing
  return v > 0 ? t('atLeast', { n: fmt.int(v) }) : derivedHiddenText();
}

/** A figure worked out from a hidden count (a progress, a rate needed, a projection): "hidden", not "< k". */
function derivedHiddenText() {
  state.hiddenShown = true;
  return t('hiddenDerived');
}
const t = (key, p) => translate(state.lang, key, p);
const messages = () => MESSAGES[state.lang];

function countryName(code) {
  if (!code) return '';
  try { return new Intl.DisplayNames([state.lang], { type: 'region' }).of(code) || code; } catch { return code; }
}
const kindName = (kind) => messages().kinds[kind] || kind;
// The catalogue (corrected at run time) wins over the names built into this release: its name in the language, else
// its default name; the built-in translation only names a tool the catalogue does not hold (removed), else its id.
const toolName = (tool) => tool.names?.[state.lang] || tool.name || messages().tools[tool.toolId] || tool.toolId;
const dimensionName = (d) => d.names?.[state.lang] || messages().dimensions[d.dimension] || d.name || t('dimension', { code: d.dimension });

/** An ISO week on the growth chart's axis, short: "S50 2026", "W50 2026". */
function weekLabel(period, key = 'weekLabel') {
  const m = /^(\d{4})-W(\d{2})$/.exec(period || '');
  return m ? t(key, { w: Number(m[2]), y: m[1] }) : period;
}

// ---- charts' text alternatives ------------------------------------------------------------
// Whole sentences of the catalogues (review 20, finding 15): French punctuation, "week 50" rather than "W50", and
// each figure saying what it is.

/** A figure as read aloud: "< 5" in words ("fewer than 5"), which a screen reader reads as "less 5" or "5". */
function spoken(text) {
  return String(text).replace(new RegExp(`<\\s${state.k}(?!\\d)`, 'g'), t('fewerThan', { k: state.k }));
}

/** A count with what it counts ("1,504 started"), in the singular or plural of its value. */
function ariaCount(key, value, text = fmt.int(value)) {
  return t(key, { n: spoken(text), count: typeof value === 'number' ? value : undefined });
}

/** "{title}: item; item" in the page's language; "no data" when there is no item. */
function ariaList(title, items) {
  return t('chartAriaList', { title, items: (items.length ? items : [t('noData')]).join(t('ariaListSeparator')) });
}

// ---- loading ------------------------------------------------------------------------------

const territoryPath = (id) => `api/v1/territories/${encodeURIComponent(id)}`;

/** A territory's own report, or `fallback` when this API version has no such route. */
async function optional(path, normalize, fallback) {
  try {
    return normalize(await getJson(path));
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) return fallback;
    throw e;
  }
}

/** A mean or rate: "< k" when the API hid it, "—" when there is none. */
/** A rate, mean or share the API hid: "hidden" ("< 5" would read as under 5 %, or 5 t). */
function shown(obj, field, text) {
  return obj?.hidden?.has(field) ? derivedHiddenText() : text;
}

async function loadTerritory(id, range) {
  // a territory's weekly series is for the coordination team and its own team: the public page does not ask for it
  const internal = readsExactly(id);
  const [summary, growth] = await Promise.all([
    getJson(`${territoryPath(id)}/summary`).then((json) => {
      state.k = minPublishedCount(json) ?? state.k;
      return normalizeSummary(json);
    }),
    internal ? getJson(`${territoryPath(id)}/growth?interval=week&${range}`).then(normalizeGrowth) : Promise.resolve([]),
  ]);
  const [tools, wellbeing] = await Promise.all([
    optional(`${territoryPath(id)}/tools`, normalizeTools, summary.tools),
    optional(`${territoryPath(id)}/wellbeing`, normalizeWellbeing, summary.wellbeing),
  ]);
  return { summary, growth, tools, wellbeing };
}

/** The ranked territories: as the public reads them for a territory's team, its own row exact. */
async function loadTerritories() {
  const ranked = await getJson('api/v1/territories');
  state.k = minPublishedCount(ranked) ?? state.k;
  const territories = normalizeTerritories(ranked);
  const own = state.reader?.reader === 'territory' ? state.reader.territoryId : null;
  if (!own || !territories.some((x) => x.id === own)) return territories;
  return withOwnRow(territories, own, await getJson(`${territoryPath(own)}/summary`));
}

/**
 * Who the stored token is, asked once per token: a wrong, replaced or revoked token is forgotten (the page goes on as
 * the public reads), and a territory's team lands on its territory's page unless the address chose another view.
 */
async function identifyReader() {
  if (state.reader) return;
  const token = viewerToken();
  let reader;
  try {
    reader = token ? await whoReads(token) : { reader: 'public' };
  } catch (e) {
    if (!(e instanceof Unauthorized)) throw e;
    dropToken('tokenEnded');
    reader = { reader: 'public' };
  }
  useReader(reader);
}

function useReader(reader) {
  state.reader = reader;
  setReader(reader);
  state.audience = reader.reader === 'territory' ? 'territory' : reader.reader === 'public' ? 'public' : 'internal';
  if (reader.reader === 'territory' && !state.landed && !state.territory && !state.country) {
    state.territory = reader.territoryId;
    syncUrl();
  }
  state.landed = true;
  renderAudience();
  // the live stream opened before the reader was known carries no token: its summaries are the public's (review 14)
  if (source && source.url !== liveUrl().href) connectLive();
}

/** Forgets the token the API refused, and says so; the page reads as the public does. */
function dropToken(message) {
  forgetViewerToken();
  state.tokenMessage = message;
  useReader({ reader: 'public' });
  connectLive();
}

async function loadView() {
  const range = growthRange(new Date());
  await identifyReader();
  const territories = await loadTerritories();
  if (state.territory) {
    const exact = readsExactly(state.territory);
    return { territories, view: { ...await loadTerritory(state.territory, range), growthShown: exact, exact } };
  }
  if (state.country) {
    // the API adds up every territory of the country for this reader: one answer, whatever the country's size
    const country = `api/v1/countries/${encodeURIComponent(state.country)}`;
    // the country's weekly series adds up its territories' series: only when every one of them is read exactly
    const ids = territories.filter((x) => x.countryCode === state.country).map((x) => x.id);
    const exact = ids.every((id) => readsExactly(id));
    const [summary, growth] = await Promise.all([
      getJson(`${country}/summary`).then((json) => {
        state.k = minPublishedCount(json) ?? state.k;
        return normalizeCountry(json);
      }),
      // (a country without territories has no series to ask for: the public may not ask it)
      exact && ids.length > 0 ? getJson(`${country}/growth?interval=week&${range}`).then(normalizeGrowth) : Promise.resolve([]),
    ]);
    summary.growth.weekOverWeek = weekOverWeek(growth, new Date());
    return {
      territories,
      view: {
        summary, growth, growthShown: exact, exact, tools: summary.tools, wellbeing: summary.wellbeing,
        territoryCount: summary.territoryCount,
      },
    };
  }
  const [summary, growth, tools, wellbeing] = await Promise.all([
    getJson('api/v1/network/summary').then(normalizeSummary),
    getJson(`api/v1/network/growth?interval=week&${range}`).then(normalizeGrowth),
    getJson('api/v1/network/tools').then(normalizeTools),
    getJson('api/v1/network/wellbeing').then(normalizeWellbeing),
  ]);
  // the network's figures are published exact; its latest event is read as the API gives it
  return { territories, view: { summary, growth, growthShown: true, exact: state.audience !== 'public', tools, wellbeing } };
}

let refreshing = false;
let refreshAgain = false;
let refreshTimer = null;
let lastRefreshStart = 0;

/** Asks for a refresh; bursts of requests collapse into one load at most every MIN_REFRESH_GAP_MS. */
function scheduleRefresh() {
  if (refreshing) { refreshAgain = true; return; }
  if (refreshTimer) return;
  const wait = Math.max(0, lastRefreshStart + MIN_REFRESH_GAP_MS - Date.now());
  refreshTimer = setTimeout(() => { refreshTimer = null; refresh(); }, wait);
}

async function refresh() {
  refreshing = true;
  state.loading = true;
  lastRefreshStart = Date.now();
  try {
    const { territories, view } = await loadView();
    // the meeting's panels never hold the rest back: while their figures cannot be read (a store being
    // restored), the page keeps showing the last ones it had
    view.meeting = await loadMeeting(state.territory, state.reader).catch((e) => {
      if (e instanceof Unauthorized) throw e;
      return state.view?.meeting ?? null;
    });
    state.territories = territories;
    state.view = view;
    state.error = null;
    state.refreshes += 1;
    render();
  } catch (e) {
    if (e instanceof Unauthorized) {
      // the token ended while the page was open (replaced or revoked): forget it, read on as the public
      dropToken('tokenEnded');
      refreshAgain = true;
    } else if (e instanceof HttpError && e.status === 404 && state.territory) {
      state.error = t('errorNotFound');
      state.territory = '';
      syncUrl();
      refreshAgain = true;
    } else {
      state.error = t('errorLoad', { detail: e.message });
      setTimeout(scheduleRefresh, 5000);
    }
    renderError();
  } finally {
    refreshing = false;
    state.loading = false;
    if (refreshAgain) { refreshAgain = false; scheduleRefresh(); }
  }
}

// ---- live updates -------------------------------------------------------------------------

let source = null;
let opened = false;
let pollTimer = null;
let retryDelay = 1000;

function connectLive() {
  if (source) source.close();
  source = new EventSource(liveUrl());
  setConnection(opened ? 'reconnecting' : 'connecting');
  source.onopen = () => {
    retryDelay = 1000;
    setConnection('live');
    // Anything that happened while disconnected was missed: fetch fresh figures.
    if (opened) liveChanged();
    opened = true;
  };
  // The service names its events (e.g. `summary`); any of them means "figures changed".
  source.onmessage = liveChanged;
  for (const type of ['summary', 'change', 'update']) source.addEventListener(type, liveChanged);
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) {
      // The browser gave up (e.g. an HTTP error): try again ourselves, backing off.
      setConnection('offline');
      setTimeout(connectLive, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    } else {
      setConnection('reconnecting');
    }
  };
}

function setConnection(connection) {
  state.connection = connection;
  const el = $('#connection');
  if (el.dataset.state !== connection) el.dataset.state = connection;
  setText($('#connection-text'), t(state.paused ? 'connPaused'
    : { live: 'connLive', connecting: 'connConnecting', reconnecting: 'connReconnecting', offline: 'connOffline' }[connection]));
  // While the stream is down, poll so the figures do not silently go stale.
  if (connection === 'live') { clearInterval(pollTimer); pollTimer = null; }
  else if (!pollTimer) pollTimer = setInterval(liveChanged, POLL_WHEN_OFFLINE_MS);
  setPauseButton();
}

/** The figures changed on the server: read them, unless the person paused the live updates. */
function liveChanged() {
  if (state.paused) { state.updatesWaiting += 1; return; }
  scheduleRefresh();
}

/** Pauses or resumes the live updates; what the person asks for themselves (a filter, a language) still redraws. */
function setPaused(paused) {
  state.paused = paused;
  if (paused && refreshTimer) {
    clearTimeout(refreshTimer);
    refreshTimer = null;
    state.updatesWaiting += 1;
  }
  if (!paused && state.updatesWaiting > 0) {
    state.updatesWaiting = 0;
    scheduleRefresh();
  }
  setConnection(state.connection); // the status (role status) says the updates are paused, or live again
}

/** The pause button says what it will do. */
function setPauseButton() {
  setText($('#live-pause'), t(state.paused ? 'liveResume' : 'livePause'));
  const paused = String(state.paused);
  if ($('#connection').dataset.paused !== paused) $('#connection').dataset.paused = paused;
}

// ---- viewer token -------------------------------------------------------------------------

function askForToken() {
  const dialog = $('#token-dialog');
  $('#token-refused').hidden = !state.tokenRefused;
  if (!dialog.open) dialog.showModal();
}

/** Exact figures for the coordination team: the token is kept in this tab only (sessionStorage). */
function setupTokenDialog() {
  $('#token-open').addEventListener('click', () => { state.tokenRefused = false; askForToken(); });
  // the button pressed is hidden once the token is taken or forgotten: focus goes to the one shown in its place (WCAG 2.4.3)
  $('#token-forget').addEventListener('click', () => { setToken(''); $('#token-open').focus(); });
  $('#token-cancel').addEventListener('click', () => {
    $('#token-dialog').close();
    if (state.tokenRefused) setToken('');
  });
  $('#token-form').addEventListener('submit', async (e) => {
    // the token is kept only once the API said whose it is: a wrong one leaves the page as it was
    e.preventDefault();
    const token = $('#token-input').value.trim();
    if (!token) return;
    let reader = null;
    try {
      reader = await whoReads(token);
    } catch (err) {
      if (err instanceof Unauthorized) {
        state.tokenRefused = true;
        askForToken();
        return;
      }
      // not answered now (restarting): keep it, the next refresh asks again
    }
    $('#token-input').value = '';
    $('#token-dialog').close();
    setToken(token, reader);
    $($('#token-forget').hidden ? '#audience' : '#token-forget').focus();
  });
  $('#reader-home').addEventListener('click', () => { setFilter({ country: '', territory: state.reader.territoryId }); focusScope(); });
}

function setToken(token, reader = null) {
  if (token) saveViewerToken(token); else forgetViewerToken();
  state.tokenRefused = false;
  state.tokenMessage = null;
  state.landed = false;
  state.reader = null;
  setReader(null);
  if (!token) useReader({ reader: 'public' });
  else if (reader) {
    // a territory's team entering its token goes to its territory's page
    if (reader.reader === 'territory') { state.territory = reader.territoryId; state.country = ''; syncUrl(); }
    useReader(reader);
  }
  renderAudience();
  scheduleRefresh();
  connectLive();
}

/** The territory a territory's team reads exactly: its name as registered, else as listed, else its id. */
function ownTerritoryName() {
  const id = state.reader?.territoryId;
  return state.reader?.territoryName || state.territories.find((x) => x.id === id)?.name || id;
}

function renderAudience() {
  const el = $('#audience');
  if (el.dataset.audience !== state.audience) el.dataset.audience = state.audience;
  const name = ownTerritoryName();
  setText($('#audience-text'), state.audience === 'territory' ? t('audienceTerritory', { name })
    : t(state.audience === 'internal' ? 'audienceInternal' : 'audiencePublic'));
  setHidden($('#token-open'), state.audience !== 'public');
  setHidden($('#token-forget'), state.audience === 'public');
  const home = $('#reader-home');
  setHidden(home, state.audience !== 'territory' || state.territory === state.reader?.territoryId);
  setText(home, t('readerHome', { name }));
  const message = $('#token-message');
  setHidden(message, !state.tokenMessage);
  setText(message, state.tokenMessage ? t(state.tokenMessage) : '');
}

function renderHiddenNote() {
  const note = $('#suppression-note');
  setHidden(note, !state.hiddenShown);
  setText(note, t('hiddenNote', { k: state.k, below: state.k - 1 }));
  const growthHidden = state.view ? !state.view.growthShown : Boolean(state.territory && !readsExactly(state.territory));
  setHidden($('#growth-hidden'), !growthHidden);
  setText($('#growth-hidden'), t(state.territory ? 'growthHidden' : 'growthHiddenCountry'));
  renderBlockNotes();
}

/**
 * Every block of figures that shows a hidden figure (the headline tiles, each card) ends with a note saying what the
 * marks it shows mean, and only those: "< k", fewer than k or hidden with such a figure (one mark for both, or a second
 * mark would tell which one is small); "hidden" for a count, one the figures shown already put at k or more; "hidden"
 * for a mean, share, rate or a figure worked out from a count (review 14: a table showing only the latter once
 * explained it as "at least k").
 */
function renderBlockNotes() {
  for (const block of $$('#main > section, #main .card')) {
    let note = $(':scope > .hidden-note', block);
    if (!note) {
      note = document.createElement('p');
      note.className = 'card-note hidden-note';
      note.setAttribute('role', 'note');
      block.append(note);
    }
    const marks = marksShown(block);
    const parts = [marks.small && 'hiddenMarkSmall', marks.bounded && 'hiddenMarkBounded', marks.derived && 'hiddenMarkDerived']
      .filter(Boolean).map((key) => t(key, { k: state.k }));
    setText(note, parts.length ? `${parts.join(t('hiddenMarkSeparator'))}.` : '');
    setHidden(note, parts.length === 0);
  }
}

/**
 * Which marks a block shows: `small` ("< k"), `bounded` (a count marked "hidden" as at least k: data-mark) and `derived`
 * (any other "hidden": a mean, share, rate, or a figure worked out from a count). Names (row headers) are not read.
 */
function marksShown(block) {
  const word = new RegExp(`(?<!\\p{L})${t('hiddenDerived')}(?!\\p{L})`, 'gu');
  const bounded = $$('[data-mark="hidden-count"]', block).filter((el) => !el.closest('[hidden], .chart, .hidden-note'));
  let derived = false;
  for (const node of shownTextNodes(block)) {
    if (node.parentElement.closest('th')) continue;
    const words = node.nodeValue.match(word)?.length ?? 0;
    // a count marked "hidden" holds one of them: the rest are figures worked out ("hidden / 30 (hidden)")
    const ofCount = node.parentElement.closest('[data-mark="hidden-count"]') ? 1 : 0;
    if (words > ofCount) derived = true;
  }
  return { small: new RegExp(`<\\s${state.k}(?!\\d)`).test(shownText(block)), bounded: bounded.length > 0, derived };
}

/** The text nodes a block shows in its tables, tiles and notes (not its charts' drawing, nor what is hidden or a note on it). */
function shownTextNodes(block) {
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest('.chart, .hidden-note, [hidden]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  return nodes;
}

/** The text a block shows, as one string. */
function shownText(block) {
  return shownTextNodes(block).map((n) => `${n.nodeValue} `).join('');
}

// ---- rendering ----------------------------------------------------------------------------

function render() {
  state.hiddenShown = false;
  renderStaticText();
  renderAudience();
  renderFilters();
  if (!state.view) return;
  renderTiles();
  renderGrowth();
  renderTerritories();
  renderMap();
  renderTools();
  renderWellbeing();
  renderFootprint();
  renderMomentum();
  renderMeeting(state.view.meeting, {
    t, fmt, chart, row, th, td, num, toolName, hiddenText, derivedHiddenText, boundedHiddenText, targetAtLeast, k: () => state.k, ariaList,
    territoryName: (id) => state.territories.find((x) => x.id === id)?.name || id,
    countryOnly: Boolean(state.country) && !state.territory,
  });
  renderError();
  renderRestoring();
  $('#last-event').textContent = fmt.eventAt(state.view.summary.lastEventAt, state.view.exact);
  if (state.view.summary.lastEventAt) $('#last-event').dateTime = state.view.summary.lastEventAt;
  const now = new Date();
  $('#updated-at').textContent = new Intl.DateTimeFormat(state.lang, { timeStyle: 'medium' }).format(now);
  $('#updated-at').dateTime = now.toISOString();
  renderHiddenNote();
  markSmallCounts($('#main'));
  document.body.dataset.refreshes = String(state.refreshes);
}

function renderStaticText() {
  if (document.documentElement.lang !== state.lang) document.documentElement.lang = state.lang;
  if (document.title !== t('docTitle')) document.title = t('docTitle');
  for (const el of $$('[data-i18n]')) setText(el, t(el.dataset.i18n));
  for (const b of $$('.lang-switch button')) {
    const pressed = String(b.dataset.lang === state.lang);
    if (b.getAttribute('aria-pressed') !== pressed) b.setAttribute('aria-pressed', pressed);
  }
  setConnection(state.connection);
}

function renderError() {
  const banner = $('#error-banner');
  setHidden(banner, !state.error);
  setText(banner, state.error || '');
}

/** The notice of each reason an instance serves the last figures it kept (starting, Kafka unreachable, restoring). */
const LAST_FIGURES_NOTICES = { starting: 'startingNotice', 'kafka-unreachable': 'kafkaUnreachableNotice' };

/** While an instance cannot answer from live figures it serves the last ones it kept: say so, why, and as of when. */
function renderRestoring() {
  const notice = $('#restoring-notice');
  const summary = state.view?.summary;
  setHidden(notice, !summary?.restoring);
  const key = LAST_FIGURES_NOTICES[summary?.lastFiguresReason] ?? 'restoringNotice';
  setText(notice, summary?.restoring ? t(key, { time: fmt.dateTime(summary.asOf) }) : '');
  document.body.dataset.restoring = String(Boolean(summary?.restoring));
}

function renderFilters() {
  const countries = [...new Set(state.territories.map((x) => x.countryCode).filter(Boolean))]
    .map((code) => ({ code, name: countryName(code) }))
    .sort((a, b) => a.name.localeCompare(b.name, state.lang));
  fillSelect($('#filter-country'), t('allCountries'), countries.map((c) => [c.code, c.name]), state.country);
  const inCountry = state.territories.filter((x) => !state.country || x.countryCode === state.country)
    .sort((a, b) => a.name.localeCompare(b.name, state.lang));
  fillSelect($('#filter-territory'), t('allTerritories'), inCountry.map((x) => [x.id, x.name]), state.territory);

  const note = $('#scope-note');
  if (state.territory) {
    const tr = state.territories.find((x) => x.id === state.territory);
    setText(note, t('scopeTerritory', { name: tr ? tr.name : state.territory }));
  } else if (state.country) {
    const n = state.view?.territoryCount ?? inCountry.length;
    const hiddenParts = state.view?.summary?.hiddenTerritories ?? 0;
    setText(note, [t('scopeCountry', { country: countryName(state.country), n: fmt.int(n), count: n }),
      hiddenParts > 0 ? t('countryHiddenNote', { n: fmt.int(hiddenParts), count: hiddenParts, k: state.k }) : '',
      t('scopeCountryNote')].filter(Boolean).join(' '));
  } else {
    setText(note, t('scopeNetwork'));
  }
}

function fillSelect(select, allLabel, options, selected) {
  const wanted = [['', allLabel], ...options];
  const current = [...select.options].map((o) => [o.value, o.textContent]);
  if (JSON.stringify(current) !== JSON.stringify(wanted)) {
    select.replaceChildren(...wanted.map(([value, label]) => new Option(label, value)));
  }
  select.value = wanted.some(([v]) => v === selected) ? selected : '';
}

const setTile = (name, value, text, bounded = false) => show($(`[data-tile="${name}"] .tile-value`), value, text, bounded);
const setSub = (selector, value, text, bounded = false) => show($(selector), value, text, bounded);

/**
 * A figure shown in an element: its value (data-value, empty when hidden) and text. A count shown "hidden" as at least k
 * carries data-mark, so its block's note explains that mark too.
 */
function show(el, value, text, bounded = false) {
  el.dataset.value = value == null ? '' : String(value);
  setFigure(el, text);
  if (bounded) el.dataset.mark = 'hidden-count'; else delete el.dataset.mark;
}

/**
 * One of a summary's participant counts (participantsActive, participantsEver, or a period of newParticipants) as shown:
 * its value, its text, and whether a hidden one reads "hidden" because the view's published figures bound it at k or more.
 */
function participantCount(summary, field) {
  const holder = field.startsWith('participants') ? summary : summary.newParticipants;
  const atLeast = publishedAtLeast(summary, field);
  return { value: holder[field], text: countText(holder, field, atLeast), bounded: boundedHidden(holder, field, atLeast) };
}

/** A territory target's hidden current value: participants ever are at least what the view publishes of them. */
function targetAtLeast(x) {
  if (x.metric !== 'participantsEver' || !x.territoryId) return 0;
  const listed = state.territories.find((r) => r.id === x.territoryId);
  const own = state.territory === x.territoryId ? publishedAtLeast(state.view?.summary, 'participantsEver') : 0;
  return Math.max(own, ...[listed?.participantsActive, listed?.newWeek].filter((v) => typeof v === 'number'));
}

/**
 * The mean footprint as the page shows it, in tonnes to two decimals (the tile, its gap to the 2 t line, the card and
 * its chart all read this one number: 2.15 t and 0.15 t above, not 2.2 t and 0.1 t above); null stays null.
 */
function shownTonnes(v) {
  return v == null ? null : Math.round(v * 100) / 100;
}

function renderTiles() {
  const { summary, growth, wellbeing } = state.view;
  const active = participantCount(summary, 'participantsActive');
  setTile('participantsActive', active.value, active.text, active.bounded);
  const ever = participantCount(summary, 'participantsEver');
  setSub('.tile-ever', ever.value, ever.text, ever.bounded);

  const now = summary.asOf ? new Date(summary.asOf) : new Date();
  const week = participantCount(summary, 'week');
  const thisWeek = week.value;
  setTile('newThisWeek', thisWeek, week.text, week.bounded);
  const change = $('[data-tile="newThisWeek"] .tile-change');
  if (thisWeek == null || growth.length === 0 || summary.newParticipants.atLeast?.has('week')) {
    // no weekly series to compare with (a territory's, for the public)
    change.dataset.trend = 'same';
    setSub('[data-tile="newThisWeek"] .tile-change', null, '');
  } else {
    // this week is not over: an arrow against the whole of last week would point down every Monday
    const lastWeek = newLastWeek(growth, now);
    change.dataset.trend = 'same';
    setSub('[data-tile="newThisWeek"] .tile-change', lastWeek, t('tileLastWeek', { prev: fmt.int(lastWeek) }));
  }

  setTile('territoriesActive', summary.territoriesActive, fmt.int(summary.territoriesActive));
  setTile('countries', summary.countries, fmt.int(summary.countries));
  setTile('evaluations', wellbeing.evaluations, countText(wellbeing, 'evaluations'));
  setSub('.tile-citizens', wellbeing.citizens, countText(wellbeing, 'citizens'));

  const fp = summary.footprint;
  const mean = shownTonnes(fp.meanTonnes);
  setTile('footprint', fp.meanTonnes, shown(fp, 'meanTonnes', mean == null ? '—' : fmt.decimal(mean, 2)));
  if (fp.meanTonnes != null) {
    const unit = document.createElement('span');
    unit.className = 'unit';
    unit.textContent = ` ${t('tileFootprintUnit')}`;
    $('[data-tile="footprint"] .tile-value').append(unit);
  }
  const target = $('[data-tile="footprint"] .tile-target');
  // the gap from the mean as shown (2.15 t: 0.15 t above), never from a mean the tile rounded otherwise (review 14)
  const gap = mean == null ? null : shownTonnes(mean - 2);
  target.dataset.trend = gap == null || gap === 0 ? 'same' : gap < 0 ? 'good' : 'bad';
  const gapText = gap != null ? t(gap < 0 ? 'tileBelow2t' : gap > 0 ? 'tileAbove2t' : 'tileAt2t', { diff: fmt.decimal(Math.abs(gap), 2) })
    : fp.hidden?.has('meanTonnes') ? '' : t('noData');
  setSub('[data-tile="footprint"] .tile-target', gap, gapText);
  setSub('[data-tile="footprint"] .tile-share', fp.shareUnder2t,
    fp.shareUnder2t == null ? '' : t('tileUnder2t', { share: fmt.percent(fp.shareUnder2t) }));
}

function chart(name, el) {
  if (!charts[name]) {
    charts[name] = echarts.init(el, null, { renderer: 'svg' });
    new ResizeObserver(() => charts[name].resize()).observe(el);
  }
  return charts[name];
}

function renderGrowth() {
  const { growth } = state.view;
  const el = $('#chart-growth');
  chart('growth', el).setOption(growthOption({ growth, t, fmt, weekLabel, narrow: el.clientWidth < 480 }), { notMerge: true });
  const last = growth[growth.length - 1];
  const week = /^(\d{4})-W(\d{2})$/.exec(last?.period || '');
  el.setAttribute('aria-label', week ? t('chartAriaGrowth', {
    title: t('growthTitle'), week: Number(week[2]), year: week[1],
    active: ariaCount('ariaActiveAtEnd', last.activeAtEnd), new: ariaCount('ariaNew', last.newParticipants),
  }) : ariaList(t('growthTitle'), []));
  patchRows($('#growth-table tbody'), 'period', [...growth].reverse().map((p) => {
    const tr = row([
      // "semaine 50" in words, not "S50 2026": the next cell's date holds the year
      th(weekLabel(p.period, 'weekRowLabel')), td(fmt.date(p.start)), num(p.newParticipants), num(p.returningParticipants), num(p.leftParticipants),
      num(p.activeAtEnd),
    ]);
    tr.dataset.period = p.period;
    return tr;
  }));
}

const SORT_VALUES = {
  name: (x) => x.name,
  country: (x) => countryName(x.countryCode),
  kind: (x) => kindName(x.kind),
  participantsActive: (x) => x.participantsActive,
  newWeek: (x) => x.newWeek,
  growthWeek: (x) => x.growthWeek,
  lastEventAt: (x) => x.lastEventAt,
};

/** The count columns, whose null is a count the API hid (a rate's or a date's null may be "none"). */
const COUNT_KEYS = new Set(['participantsActive', 'newWeek']);

/**
 * The table in the chosen column's order. A hidden count ranks as the API's ranked list ranks a hidden active count:
 * below every published count above zero and above the published zeros ("< 5" may hold 4, or more as a partner), the
 * hidden ones among themselves by id as the API lists them (their order tells nothing of their values); ascending puts
 * the three groups the other way round. Other unknowns ("—") come last either way; ties by name.
 */
function sortedTerritories(list) {
  const key = state.sort.key;
  const value = SORT_VALUES[key];
  const sign = state.sort.dir === 'ascending' ? 1 : -1;
  const collator = new Intl.Collator(state.lang, { numeric: true, sensitivity: 'base' });
  const count = COUNT_KEYS.has(key);
  // between 0 and any published count above zero (counts are whole numbers)
  const rankOf = (v) => (v == null && count ? 0.5 : v);
  return [...list].sort((a, b) => {
    const va = rankOf(value(a)); const vb = rankOf(value(b));
    if (count && value(a) == null && value(b) == null) return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    if (va == null && vb == null) return collator.compare(a.name, b.name);
    if (va == null) return 1; // unknowns last in either direction
    if (vb == null) return -1;
    const c = typeof va === 'number' ? va - vb : collator.compare(String(va), String(vb));
    return c !== 0 ? sign * c : collator.compare(a.name, b.name);
  });
}

function visibleTerritories() {
  return state.territories.filter((x) => !state.country || x.countryCode === state.country);
}

function renderTerritories() {
  const list = sortedTerritories(visibleTerritories());
  for (const h of $$('#territory-table th[data-key]')) {
    h.setAttribute('aria-sort', h.dataset.key === state.sort.key ? state.sort.dir : 'none');
  }
  patchRows($('#territory-table tbody'), 'territory', list.map((x) => {
    const name = document.createElement('button');
    name.type = 'button';
    name.className = 'link';
    name.textContent = x.name;
    name.addEventListener('click', () => { setFilter({ territory: x.id }); focusScope(); });
    const tr = row([
      th(name), td(countryName(x.countryCode)), td(kindName(x.kind)),
      num(x.participantsActive), num(x.newWeek), num(x.growthWeek, shown(x, 'growthWeek', fmt.signedPercent(x.growthWeek))),
      num(x.lastEventAt, fmt.eventAt(x.lastEventAt, readsExactly(x.id))),
    ]);
    tr.dataset.territory = x.id;
    if (x.id === state.territory) tr.setAttribute('aria-current', 'true');
    return tr;
  }));
  $('#territory-empty').hidden = list.length > 0;
}

let worldMap = null;
async function loadWorldMap() {
  if (!worldMap) {
    worldMap = fetch(new URL('assets/world-110m.geo.json', document.baseURI)).then((r) => r.json())
      .then((geo) => echarts.registerMap('world', geo));
  }
  return worldMap;
}

async function renderMap() {
  await loadWorldMap();
  const territories = visibleTerritories().map((x) => ({ ...x, countryName: countryName(x.countryCode) }));
  const el = $('#chart-map');
  // a territory registered without a position: say so rather than show an empty map
  const selected = state.territory ? territories.find((x) => x.id === state.territory) : null;
  const unplaced = Boolean(selected) && (selected.lat == null || selected.lon == null);
  const noPosition = $('#map-no-position');
  noPosition.hidden = !unplaced;
  noPosition.textContent = unplaced ? t('mapNoPosition', { name: selected.name }) : '';
  el.hidden = unplaced;
  if (unplaced) {
    $('#map-missing').textContent = '';
    return;
  }
  const c = chart('map', el);
  c.setOption(mapOption({ territories, t, fmt, selectedId: state.territory }), { notMerge: true });
  if (!c.__clickBound) {
    c.on('click', (p) => { if (p.seriesType === 'scatter') { setFilter({ territory: p.data.id }); focusScope(); } });
    c.__clickBound = true;
  }
  const located = territories.filter((x) => x.lat != null && x.lon != null).length;
  el.setAttribute('aria-label', t('mapAria', { n: fmt.int(located), count: located }));
  const missing = territories.length - located;
  $('#map-missing').textContent = missing > 0 ? t('mapMissing', { n: fmt.int(missing), count: missing }) : '';
}

function renderTools() {
  // Widest reach first: the funnel reads top-down from the most discovered tool.
  const reach = (x) => x.discovered ?? x.starts;
  const tools = [...state.view.tools].sort((a, b) => reach(b) - reach(a) || b.completions - a.completions
    || toolName(a).localeCompare(toolName(b), state.lang));
  const el = $('#chart-tools');
  chart('tools', el).setOption(toolsOption({ tools, t, fmt, toolName }), { notMerge: true });
  // what each figure is, in words: "1 504/1 086" did not say started and completed (review 20, finding 15)
  el.setAttribute('aria-label', ariaList(t('toolsTitle'), tools.map((x) => t('toolAria', {
    tool: toolName(x), started: ariaCount('ariaStarted', x.starts, countText(x, 'starts')),
    completed: ariaCount('ariaCompleted', x.completions, countText(x, 'completions')),
  }))));
  patchRows($('#tools-table tbody'), 'tool', tools.map((x) => {
    const tr = row([
      th(toolName(x)), num(x.discovered, countText(x, 'discovered')), num(x.starts, countText(x, 'starts')), num(x.completions, countText(x, 'completions')),
      num(x.completionRate, shown(x, 'completionRate', fmt.percent(x.completionRate))),
      num(x.uptakeRate, shown(x, 'uptakeRate', fmt.percent(x.uptakeRate))),
      num(x.meanRating, shown(x, 'meanRating', x.meanRating == null ? '—' : `${fmt.decimal(x.meanRating, 1)} / 5`)),
    ]);
    tr.dataset.tool = x.toolId;
    return tr;
  }));
}

function renderWellbeing() {
  const { wellbeing } = state.view;
  $('#wellbeing-note').textContent = wellbeingNote(state.lang, {
    evaluations: countText(wellbeing, 'evaluations'), groups: countText(wellbeing, 'groups'), citizens: countText(wellbeing, 'citizens'),
  }, wellbeing);
  const el = $('#chart-wellbeing');
  chart('wellbeing', el).setOption(wellbeingOption({ wellbeing, t, fmt, dimensionName }), { notMerge: true });
  el.setAttribute('aria-label', t('chartAriaWellbeing', { title: t('wellbeingTitle'), note: spoken($('#wellbeing-note').textContent) }));
  patchRows($('#wellbeing-table tbody'), 'dimension', wellbeing.dimensions.map((d) => {
    const tr = row([
      th(`${d.dimension} — ${dimensionName(d)}`), num(d.wellbeing, countText(d, 'wellbeing')), num(d.illbeing, countText(d, 'illbeing')),
      num(d.action, countText(d, 'action')),
      num(d.meanScore, shown(d, 'meanScore', d.meanScore == null ? '—' : fmt.decimal(d.meanScore, 1))),
    ]);
    tr.dataset.dimension = d.dimension;
    return tr;
  }));
}

function renderFootprint() {
  const fp = state.view.summary.footprint;
  const el = $('#chart-footprint');
  chart('footprint', el).setOption(footprintOption({ footprint: fp, t, fmt }), { notMerge: true });
  const noMean = fp.hidden?.has('meanTonnes') ? t('hiddenDerived') : t('noData');
  el.setAttribute('aria-label', fp.meanTonnes == null ? ariaList(t('footprintTitle'), [noMean])
    : t('chartAriaFootprint', { title: t('footprintTitle'), mean: fmt.decimal(shownTonnes(fp.meanTonnes), 2) }));
  const set = (field, value, text) => {
    const dd = $(`#footprint-facts [data-field="${field}"]`);
    dd.dataset.value = value == null ? '' : String(value);
    dd.textContent = text;
  };
  set('assessments', fp.assessments, countText(fp, 'assessments'));
  set('meanTonnes', fp.meanTonnes, shown(fp, 'meanTonnes', fp.meanTonnes == null ? '—' : `${fmt.decimal(shownTonnes(fp.meanTonnes), 2)} t`));
  set('shareUnder2t', fp.shareUnder2t, shown(fp, 'shareUnder2t', fmt.percent(fp.shareUnder2t)));
}

function renderMomentum() {
  const { summary, growth } = state.view;
  const set = (field, value, text, bounded = false) => show($(`#momentum-facts [data-field="${field}"]`), value, text, bounded);
  for (const k of ['day', 'month', 'quarter']) {
    const n = participantCount(summary, k);
    set(k, n.value, n.text, n.bounded);
  }
  set('weekOverWeek', summary.growth.weekOverWeek, shown(summary.growth, 'weekOverWeek', fmt.signedPercent(summary.growth.weekOverWeek)));
  set('quarterOverQuarter', summary.growth.quarterOverQuarter,
    shown(summary.growth, 'quarterOverQuarter', fmt.signedPercent(summary.growth.quarterOverQuarter)));
  const now = summary.asOf ? new Date(summary.asOf) : new Date();
  if (!state.view.growthShown) {
    // from the weekly series, which the public does not get for a territory (nor, so, for a country): not a 0
    set('leftWeek', null, '—');
  } else {
    const left = growth.find((p) => p.period === isoWeek(now))?.leftParticipants ?? 0;
    set('leftWeek', left, fmt.int(left));
  }
}

// Small DOM helpers: every numeric cell keeps its raw value for sorting, copying and tests.
function row(cells) {
  const tr = document.createElement('tr');
  tr.append(...cells);
  return tr;
}
function th(content) {
  const el = document.createElement('th');
  el.scope = 'row';
  if (content instanceof Node) el.append(content); else el.textContent = content;
  return el;
}
function td(text) {
  const el = document.createElement('td');
  el.append(...figureNodes(text));
  return el;
}
function num(value, text) {
  const el = document.createElement('td');
  el.className = 'num';
  el.dataset.value = value == null ? '' : String(value);
  el.append(...figureNodes(text ?? fmt.int(value)));
  return el;
}

/**
 * A figure's text as nodes, each "< k" in words for screen readers, which read the sign as "less" or not at all
 * (review 20, finding 11): the sign is hidden from them and its span says "fewer than k" to them alone through
 * visually hidden generated content, so the text the page shows (and copies) stays "< k".
 */
function figureNodes(text) {
  const mark = new RegExp(`<\\s${state.k}(?!\\d)`, 'g');
  const nodes = [];
  let at = 0;
  for (const m of String(text).matchAll(mark)) {
    if (m.index > at) nodes.push(document.createTextNode(text.slice(at, m.index)));
    const words = document.createElement('span');
    words.className = 'small-count';
    words.dataset.words = t('fewerThan', { k: state.k });
    const sign = document.createElement('span');
    sign.setAttribute('aria-hidden', 'true');
    sign.textContent = m[0];
    words.append(sign);
    nodes.push(words);
    at = m.index + m[0].length;
  }
  if (at < String(text).length || nodes.length === 0) nodes.push(document.createTextNode(String(text).slice(at)));
  return nodes;
}

/** Writes a figure's text (see figureNodes) into `el`, only when its markup changes. */
function setFigure(el, text) {
  const like = document.createElement(el.tagName);
  like.append(...figureNodes(text));
  if (el.innerHTML !== like.innerHTML) el.replaceChildren(...like.childNodes);
}

/** The "< k" that meeting.js wrote as plain text in `root` (progress labels), in words as figureNodes does. */
function markSmallCounts(root) {
  const mark = new RegExp(`<\\s${state.k}(?!\\d)`);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (mark.test(n.nodeValue) && !n.parentElement.closest('.chart, .hidden-note, #suppression-note, [aria-hidden="true"]')
      ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  const found = [];
  while (walker.nextNode()) found.push(walker.currentNode);
  for (const n of found) n.replaceWith(...figureNodes(n.nodeValue));
}

/**
 * Puts `rows` (each keyed by its data-`key`) in `tbody`, keeping the rows already there: a cell whose markup is unchanged
 * is not touched, so the live redraw neither takes keyboard focus away nor rewrites what a screen reader is reading
 * (WCAG 2.1.1, 2.4.3). A focused control that had to be replaced is focused again in its row's new copy.
 */
function patchRows(tbody, key, rows) {
  const active = document.activeElement;
  const focusedRow = tbody.contains(active) ? active.closest('tr')?.dataset[key] : undefined;
  const focusedCell = focusedRow === undefined ? -1 : [...active.closest('tr').cells].indexOf(active.closest('td, th'));
  const old = new Map([...tbody.rows].map((tr) => [tr.dataset[key], tr]));
  const kept = rows.map((tr) => {
    const was = old.get(tr.dataset[key]);
    if (!was || was.cells.length !== tr.cells.length) return tr;
    old.delete(tr.dataset[key]);
    patchElement(was, tr);
    [...tr.cells].forEach((cell, i) => {
      if (cell.outerHTML === was.cells[i].outerHTML) return;
      if (cell.children.length === 0 && was.cells[i].children.length === 0 && cell.tagName === was.cells[i].tagName) {
        patchElement(was.cells[i], cell);
        setText(was.cells[i], cell.textContent);
      } else {
        was.cells[i].replaceWith(cell);
      }
    });
    return was;
  });
  for (const tr of old.values()) tr.remove();
  kept.forEach((tr, i) => { if (tbody.children[i] !== tr) tbody.insertBefore(tr, tbody.children[i] ?? null); });
  if (focusedRow !== undefined && !tbody.contains(document.activeElement)) {
    const tr = kept.find((r) => r.dataset[key] === focusedRow);
    const target = tr?.cells[focusedCell]?.querySelector('button, a, [tabindex]') ?? tr?.querySelector('button, a, [tabindex]');
    target?.focus();
  }
}

/** Gives `el` the attributes of `like`, writing only those that differ. */
function patchElement(el, like) {
  for (const { name } of [...el.attributes]) if (!like.hasAttribute(name)) el.removeAttribute(name);
  for (const { name, value } of [...like.attributes]) if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/**
 * Writes `text` into `el` only when it differs: a live region (role status or alert, aria-live) rewritten with the same
 * words is announced again by screen readers (WCAG 4.1.3).
 */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Shows or hides `el`, writing the attribute only when it changes. */
function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}

// ---- interaction --------------------------------------------------------------------------

function syncUrl() {
  const p = new URLSearchParams(location.search);
  for (const [k, v] of [['country', state.country], ['territory', state.territory]]) if (v) p.set(k, v); else p.delete(k);
  const q = p.toString();
  history.replaceState(null, '', `${location.pathname}${q ? `?${q}` : ''}${location.hash}`);
}

function setFilter({ country, territory }) {
  if (country !== undefined) {
    state.country = country;
    const tr = state.territories.find((x) => x.id === state.territory);
    if (tr && country && tr.countryCode !== country) state.territory = '';
  }
  if (territory !== undefined) state.territory = territory;
  syncUrl();
  render();
  scheduleRefresh();
}

function setLang(lang) {
  state.lang = lang;
  try { localStorage.setItem(LANG_KEY, lang); } catch { /* not kept */ }
  render();
}

/** After a territory is chosen in the table, on the map or as the team's own: focus on what the page now shows. */
function focusScope() {
  $('#scope-note').focus();
}

/**
 * A table wider than its card scrolls: its wrapper is then a labelled region in the tab order, so that the keyboard can
 * scroll it (WCAG 2.1.1; Safari does not make scrollers focusable by itself).
 */
function setupScrollers() {
  for (const wrap of $$('.table-wrap')) {
    const table = $('table', wrap);
    const caption = $('caption', table);
    if (!caption.id) caption.id = `${table.id}-caption`;
    const update = () => {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.tabIndex = 0;
        wrap.setAttribute('role', 'region');
        wrap.setAttribute('aria-labelledby', caption.id);
      } else if (wrap.hasAttribute('tabindex')) {
        wrap.removeAttribute('tabindex');
        wrap.removeAttribute('role');
        wrap.removeAttribute('aria-labelledby');
      }
    };
    const watch = new ResizeObserver(update);
    watch.observe(wrap);
    watch.observe(table);
  }
}

function setupInteraction() {
  setupScrollers();
  $('#live-pause').addEventListener('click', () => setPaused(!state.paused));
  for (const b of $$('.lang-switch button')) b.addEventListener('click', () => setLang(b.dataset.lang));
  $('#filter-country').addEventListener('change', (e) => setFilter({ country: e.target.value }));
  $('#filter-territory').addEventListener('change', (e) => setFilter({ territory: e.target.value }));
  for (const h of $$('#territory-table th[data-key]')) {
    $('button', h).addEventListener('click', () => {
      const key = h.dataset.key;
      const numeric = h.classList.contains('num');
      state.sort = state.sort.key === key
        ? { key, dir: state.sort.dir === 'ascending' ? 'descending' : 'ascending' }
        : { key, dir: numeric ? 'descending' : 'ascending' };
      renderTerritories();
    });
  }
  setupTokenDialog();
  setupMeeting(render);
}

setupInteraction();
renderStaticText();
renderAudience();
refresh();
connectLive();
