// Reading the query API: fetching with the token where it opens figures, and turning its JSON into the shapes
// the page draws. Pure functions except for fetch, so the rules stay in one readable place.

export const TOKEN_KEY = 'together.viewerToken';
export const DIMENSIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'];

export class Unauthorized extends Error {
  constructor() { super('401'); }
}

export class HttpError extends Error {
  constructor(status, path) {
    super(`HTTP ${status} ${path}`);
    this.status = status;
  }
}

export function viewerToken() {
  try { return sessionStorage.getItem(TOKEN_KEY) || ''; } catch { return ''; }
}

export function saveViewerToken(token) {
  try { sessionStorage.setItem(TOKEN_KEY, token); } catch { /* private mode: keep none */ }
}

export function forgetViewerToken() {
  try { sessionStorage.removeItem(TOKEN_KEY); } catch { /* nothing kept */ }
}

/**
 * Who the token is, as `GET api/v1/reader` said: `{ reader: 'public' | 'viewer' | 'admin' | 'territory', territoryId,
 * territoryName }`. Null while not asked yet.
 */
let reader = null;

export function currentReader() { return reader; }
export function setReader(r) { reader = r; }

/**
 * Whether the token goes with a question. The viewer's and admin's open every figure; a territory's opens its own
 * territory's only (`api/v1/territories/{its id}/...`) and the API refuses it anywhere else (401), so everywhere else the
 * page asks without it and reads what the public reads.
 */
export function tokenOpens(path, r = reader) {
  if (!r) return false;
  if (r.reader === 'viewer' || r.reader === 'admin') return true;
  return r.reader === 'territory' && path.startsWith(`api/v1/territories/${encodeURIComponent(r.territoryId)}/`);
}

/** Whether the page reads a territory's figures exactly ('' : the network's, published exact anyway). */
export function readsExactly(territoryId, r = reader) {
  if (!r) return false;
  if (r.reader === 'viewer' || r.reader === 'admin') return true;
  return r.reader === 'territory' && Boolean(territoryId) && territoryId === r.territoryId;
}

/** Asks the API who `token` is (no token: public). A wrong, replaced or revoked token throws Unauthorized. */
export async function whoReads(token) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(new URL('api/v1/reader', document.baseURI), { headers, cache: 'no-store' });
  if (response.status === 401) throw new Unauthorized();
  if (!response.ok) throw new HttpError(response.status, 'api/v1/reader');
  return response.json();
}

/**
 * Public answers about a territory carry, in each object holding a suppressed number, `suppressed` (its fields, whose
 * value is null) and `minPublishedCount`. The page keeps that as `hidden`: a Set of the object's hidden fields.
 */
const hiddenOf = (o) => new Set(Array.isArray(o?.suppressed) ? o.suppressed : []);
/** A count: null when the API hid it, 0 when absent. */
const countOr = (o, hidden, key, value) => (hidden.has(key) ? null : count(value));
/** The smallest published count an answer declares (k), if any. */
export function minPublishedCount(json) {
  const k = json && typeof json.minPublishedCount === 'number' ? json.minPublishedCount : null;
  if (k != null) return k;
  if (Array.isArray(json)) for (const x of json) { if (typeof x?.minPublishedCount === 'number') return x.minPublishedCount; }
  return null;
}

/** GET a query API path relative to the page, as JSON. */
export async function getJson(path) {
  const headers = { Accept: 'application/json' };
  const token = viewerToken();
  if (token && tokenOpens(path)) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(new URL(path, document.baseURI), { headers, cache: 'no-store' });
  if (response.status === 401) throw new Unauthorized();
  if (!response.ok) throw new HttpError(response.status, path);
  return response.json();
}

/**
 * The SSE stream URL; EventSource cannot send headers, so the viewer's or admin's token travels as a query parameter. The
 * stream carries the network's figures: a territory's token does not open it, and is not needed for it.
 */
export function liveUrl() {
  const url = new URL('api/v1/live', document.baseURI);
  const token = viewerToken();
  if (token && tokenOpens('api/v1/live')) url.searchParams.set('access_token', token);
  return url;
}

/**
 * The ranked list as the public reads it, with the reader's own territory's row replaced by its exact figures (its
 * `summary` read with its token): the table and the map show that territory as its own pages do.
 */
export function withOwnRow(territories, ownId, exactSummary) {
  const own = normalizeTerritory({ ...exactSummary, territoryId: ownId });
  return territories.map((x) => (x.id !== ownId ? x : {
    ...x, hidden: own.hidden, participantsActive: own.participantsActive, participantsEver: own.participantsEver,
    newWeek: own.newWeek, growthWeek: own.growthWeek, lastEventAt: own.lastEventAt,
  }));
}

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const count = (v) => num(v) ?? 0;
const listOf = (v, ...keys) => {
  if (Array.isArray(v)) return v;
  for (const k of keys) if (v && Array.isArray(v[k])) return v[k];
  return [];
};

/** One row of `/api/v1/territories`, whatever nesting the API chose for its headline figures. */
export function normalizeTerritory(t) {
  const s = t.summary || t.figures || t;
  const ref = t.territory || t;
  const id = ref.territoryId ?? ref.id ?? t.territoryId ?? t.id;
  const hidden = hiddenOf(s);
  const hiddenNew = hiddenOf(s.newParticipants);
  const hiddenGrowth = hiddenOf(s.growth);
  const all = new Set([...hidden, ...[...hiddenNew].map((k) => (k === 'week' ? 'newWeek' : `new.${k}`)),
    ...[...hiddenGrowth].map((k) => (k === 'weekOverWeek' ? 'growthWeek' : k))]);
  return {
    hidden: all,
    id,
    name: ref.name ?? id,
    countryCode: (ref.countryCode ?? ref.country ?? '').toUpperCase(),
    kind: ref.kind ?? '',
    lat: num(ref.lat),
    lon: num(ref.lon),
    participantsActive: countOr(s, hidden, 'participantsActive', s.participantsActive),
    participantsEver: countOr(s, hidden, 'participantsEver', s.participantsEver),
    newWeek: hiddenNew.has('week') ? null : count(s.newParticipants?.week ?? s.newThisWeek),
    growthWeek: num(s.growth?.weekOverWeek),
    lastEventAt: s.lastEventAt ?? null,
  };
}

export function normalizeTerritories(json) {
  return listOf(json, 'territories', 'items').map(normalizeTerritory).filter((t) => t.id);
}

export function normalizeGrowth(json) {
  return listOf(json, 'series', 'periods', 'items').map((p) => ({
    period: p.period,
    start: p.start ?? null,
    newParticipants: count(p.newParticipants),
    returningParticipants: count(p.returningParticipants),
    leftParticipants: count(p.leftParticipants),
    activeAtEnd: count(p.activeAtEnd),
  })).sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}

export function normalizeTools(json) {
  return listOf(json, 'tools', 'items').map((t) => ({
    hidden: hiddenOf(t),
    toolId: t.toolId ?? t.id,
    name: t.name ?? null,
    names: t.names ?? null,
    discovered: num(t.discovered ?? t.discoveries),
    starts: countOr(t, hiddenOf(t), 'starts', t.starts ?? t.started),
    completions: countOr(t, hiddenOf(t), 'completions', t.completions ?? t.completed),
    adopters: countOr(t, hiddenOf(t), 'adopters', t.adopters),
    completionRate: num(t.completionRate),
    uptakeRate: num(t.uptakeRate),
    meanRating: num(t.meanRating),
    ratings: num(t.ratings),
  }));
}

export function normalizeWellbeing(json) {
  const w = json || {};
  const byCode = new Map(listOf(w.dimensions, 'items').map((d) => [String(d.dimension ?? d.code).toUpperCase(), d]));
  const hidden = hiddenOf(w);
  return {
    hidden,
    evaluations: countOr(w, hidden, 'evaluations', w.evaluations),
    groups: countOr(w, hidden, 'groups', w.groups),
    citizens: countOr(w, hidden, 'citizens', w.citizens),
    dimensions: DIMENSIONS.map((code) => {
      const d = byCode.get(code) || {};
      const hd = hiddenOf(d);
      return {
        hidden: hd,
        dimension: code,
        name: d.name ?? null,
        names: d.names ?? null,
        wellbeing: countOr(d, hd, 'wellbeing', d.wellbeing),
        illbeing: countOr(d, hd, 'illbeing', d.illbeing),
        action: countOr(d, hd, 'action', d.action),
        meanScore: num(d.meanScore),
      };
    }),
  };
}

export function normalizeFootprint(f) {
  const x = f || {};
  const hidden = hiddenOf(x);
  return { hidden, assessments: countOr(x, hidden, 'assessments', x.assessments), meanTonnes: num(x.meanTonnes), shareUnder2t: num(x.shareUnder2t) };
}

export function normalizeSummary(json) {
  const s = json || {};
  const hidden = hiddenOf(s);
  const hiddenNew = hiddenOf(s.newParticipants);
  const n = (k) => (hiddenNew.has(k) ? null : count(s.newParticipants?.[k]));
  return {
    hidden,
    audience: s.audience ?? null,
    minPublishedCount: typeof s.minPublishedCount === 'number' ? s.minPublishedCount : null,
    scope: s.scope ?? 'network',
    asOf: s.asOf ?? null,
    participantsActive: countOr(s, hidden, 'participantsActive', s.participantsActive),
    participantsEver: countOr(s, hidden, 'participantsEver', s.participantsEver),
    newParticipants: {
      hidden: hiddenNew, day: n('day'), week: n('week'), month: n('month'), quarter: n('quarter'),
    },
    growth: { hidden: hiddenOf(s.growth), weekOverWeek: num(s.growth?.weekOverWeek), quarterOverQuarter: num(s.growth?.quarterOverQuarter) },
    territoriesActive: count(s.territoriesActive),
    countries: count(s.countries),
    tools: normalizeTools(s.tools),
    wellbeing: normalizeWellbeing(s.wellbeing),
    footprint: normalizeFootprint(s.footprint),
    lastEventAt: s.lastEventAt ?? null,
    // the last figures an instance kept, served while the live ones are being restored (asOf says when they were computed)
    restoring: s.restoring === true,
  };
}

/** ISO week label (`2021-W27`) of a UTC instant. */
export function isoWeek(date) {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d - yearStart) / 86400000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** New participants in the ISO week before the one containing `now` (0 when the series has no such week). */
export function newLastWeek(growth, now) {
  const previous = isoWeek(new Date(now.getTime() - 7 * 86400000));
  return growth.find((p) => p.period === previous)?.newParticipants ?? 0;
}

/**
 * Adds several territories' weekly series. A territory without a row for a period keeps its
 * last known active count (carried forward), so the sum is not dented by sparse series.
 */
export function sumGrowth(seriesList) {
  const periods = [...new Set(seriesList.flatMap((s) => s.map((p) => p.period)))].sort();
  const starts = new Map(seriesList.flat().map((p) => [p.period, p.start]));
  const lastActive = seriesList.map(() => 0);
  const indexed = seriesList.map((s) => new Map(s.map((p) => [p.period, p])));
  return periods.map((period) => {
    let added = 0; let returning = 0; let left = 0; let active = 0;
    indexed.forEach((byPeriod, i) => {
      const p = byPeriod.get(period);
      if (p) {
        added += p.newParticipants; returning += p.returningParticipants; left += p.leftParticipants;
        lastActive[i] = p.activeAtEnd;
      }
      active += lastActive[i];
    });
    return {
      period, start: starts.get(period) ?? null, newParticipants: added, returningParticipants: returning,
      leftParticipants: left, activeAtEnd: active,
    };
  });
}

const weighted = (items, value, weight) => {
  const w = items.reduce((a, x) => a + (value(x) == null ? 0 : weight(x)), 0);
  return w > 0 ? items.reduce((a, x) => a + (value(x) == null ? 0 : value(x) * weight(x)), 0) / w : null;
};

/**
 * A country's figures from its territories' figures. Counts add up exactly (participants are
 * unique within a territory); completion and uptake rates are recomputed from the sums; means are
 * weighted by what they average (assessments, ratings). The mean co-evaluation score cannot be
 * rebuilt without its own count of scores, so it stays null rather than be guessed.
 *
 * A territory's count the public may not read (null) is left out of the sum, and the sum is marked a lower bound: the
 * field is in the object's `atLeast` set (as `hidden` names hidden fields). A country is not a small count, so its sum is
 * never hidden; `hiddenTerritories` says how many territories had a figure left out. Rates and means that would need a
 * hidden count stay null ("—").
 *
 * @param parts [{ summary, tools }] per territory, tools from the territory's tools report when
 *              available (it carries discovered and the number of ratings), else summary.tools
 */
export function sumTerritories(parts) {
  const total = normalizeSummary({});
  total.scope = 'country';
  total.atLeast = new Set();
  total.newParticipants.atLeast = new Set();
  const summaries = parts.map((p) => p.summary);
  const partial = new Set(); // indexes of the territories with a figure left out
  /** Adds `value` of territory `i` to `obj[field]`; a hidden one (null) makes the sum a lower bound. */
  const addTo = (obj, field, value, i) => {
    if (value == null) {
      obj.atLeast.add(field);
      partial.add(i);
    } else {
      obj[field] = (obj[field] ?? 0) + value;
    }
  };
  summaries.forEach((s, i) => {
    addTo(total, 'participantsActive', s.participantsActive, i);
    addTo(total, 'participantsEver', s.participantsEver, i);
    for (const k of ['day', 'week', 'month', 'quarter']) addTo(total.newParticipants, k, s.newParticipants[k], i);
    total.territoriesActive += s.territoriesActive;
    if (s.lastEventAt && (!total.lastEventAt || s.lastEventAt > total.lastEventAt)) total.lastEventAt = s.lastEventAt;
    if (s.restoring) {
      total.restoring = true;
      if (s.asOf && (!total.asOf || s.asOf < total.asOf)) total.asOf = s.asOf;
    }
  });
  total.countries = total.territoriesActive > 0 ? 1 : 0;
  const byTool = new Map();
  parts.forEach((p, i) => {
    for (const t of p.tools) {
      if (!byTool.has(t.toolId)) byTool.set(t.toolId, []);
      byTool.get(t.toolId).push({ t, i });
    }
  });
  total.tools = [...byTool.entries()].map(([toolId, list]) => {
    const tool = {
      ...list[0].t, toolId, hidden: new Set(), atLeast: new Set(), starts: 0, completions: 0, adopters: 0,
      discovered: list.some(({ t }) => t.discovered != null) ? 0 : null,
    };
    for (const { t, i } of list) {
      for (const f of ['starts', 'completions', 'adopters']) addTo(tool, f, t[f], i);
      if (tool.discovered != null) tool.discovered += t.discovered ?? 0;
    }
    const exact = (f) => !tool.atLeast.has(f);
    const rated = list.every(({ t }) => t.ratings != null && t.meanRating != null);
    return {
      ...tool,
      completionRate: exact('starts') && exact('completions') && tool.starts > 0 ? tool.completions / tool.starts : null,
      uptakeRate: exact('adopters') && !total.atLeast.has('participantsActive') && total.participantsActive > 0
        ? tool.adopters / total.participantsActive : null,
      meanRating: rated ? weighted(list.map((x) => x.t), (t) => t.meanRating, (t) => t.ratings) : null,
      ratings: rated ? list.reduce((a, { t }) => a + t.ratings, 0) : null,
    };
  });
  const w = total.wellbeing;
  w.atLeast = new Set();
  for (const d of w.dimensions) d.atLeast = new Set();
  summaries.forEach((s, i) => {
    for (const f of ['evaluations', 'groups', 'citizens']) addTo(w, f, s.wellbeing[f], i);
    s.wellbeing.dimensions.forEach((d, j) => {
      for (const f of ['wellbeing', 'illbeing', 'action']) addTo(w.dimensions[j], f, d[f], i);
    });
  });
  const fps = summaries.map((s) => s.footprint);
  const complete = fps.every((f) => f.assessments != null && (f.assessments === 0 || f.meanTonnes != null));
  total.footprint = {
    hidden: new Set(), atLeast: new Set(), assessments: 0,
    meanTonnes: complete ? weighted(fps, (f) => f.meanTonnes, (f) => f.assessments) : null,
    shareUnder2t: complete && fps.every((f) => f.assessments === 0 || f.shareUnder2t != null)
      ? weighted(fps, (f) => f.shareUnder2t, (f) => f.assessments) : null,
  };
  fps.forEach((f, i) => addTo(total.footprint, 'assessments', f.assessments, i));
  total.hiddenTerritories = partial.size;
  return total;
}

/**
 * Calls `load` for every item, `size` at a time: a country of hundreds of territories is added up whole without
 * opening hundreds of requests at once. Results in the items' order.
 */
export async function inBatches(items, size, load) {
  const results = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...await Promise.all(items.slice(i, i + size).map(load)));
  }
  return results;
}

/** The growth query's date range: the last 52 ISO weeks up to and including today (UTC). */
export function growthRange(now) {
  const day = (d) => d.toISOString().slice(0, 10);
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const monday = new Date(today.getTime() - (((today.getUTCDay() + 6) % 7) + 51 * 7) * 86400000);
  const tomorrow = new Date(today.getTime() + 86400000);
  return `from=${day(monday)}&to=${day(tomorrow)}`;
}

/** Week-over-week growth from a weekly series: last complete week's active ÷ the one before − 1. */
export function weekOverWeek(growth, now) {
  const current = isoWeek(now);
  const complete = growth.filter((p) => p.period < current);
  if (complete.length < 2) return null;
  const [before, last] = complete.slice(-2);
  return before.activeAtEnd > 0 ? last.activeAtEnd / before.activeAtEnd - 1 : null;
}
