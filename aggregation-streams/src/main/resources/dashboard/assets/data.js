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
 * territory's only (`api/v1/territories/{its id}/...`) and the API refuses it anywhere else (403), so everywhere else the
 * page asks without it and reads what the public reads.
 */
export function tokenOpens(path, r = reader) {
  if (!r) return false;
  if (r.reader === 'viewer' || r.reader === 'admin') return true;
  // a country's answer reads the territory's own figures exactly and the others as the public does
  return r.reader === 'territory' && (path.startsWith(`api/v1/territories/${encodeURIComponent(r.territoryId)}/`)
    || path.startsWith('api/v1/countries/'));
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

/**
 * GET a query API path relative to the page, as JSON. A 401 (a wrong, replaced or revoked token) throws Unauthorized,
 * which makes the page forget the token; a 403 (a good token outside what it reads) is an HttpError like any other.
 */
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
 * stream carries the network's figures, public: a territory's token reads it as no token does, so it is not sent.
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
    // why: 'starting', 'kafka-unreachable' or 'restoring' (an older instance gives no reason: restoring)
    lastFiguresReason: s.restoring === true ? (s.lastFiguresReason ?? 'restoring') : null,
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
 * A country's figures as `GET api/v1/countries/{code}/summary` adds them up for the reader, in one answer: exact for the
 * coordination team; for the public, the sum of its territories' published counts only (a country is not a small count,
 * so never "< k"), and for a territory's team its own territory exact and the others as the public reads them.
 *
 * A sum that left out a territory's hidden count is a lower bound: the API lists the field in the object's `atLeast`
 * (kept here as a Set, as `hidden` holds hidden fields) and counts, in `territoriesLeftOut`, the territories with a
 * figure left out (`hiddenTerritories` here). Rates and means that would need a hidden count are null ("—"); the mean
 * co-evaluation score is never rebuilt for a country (null).
 */
export function normalizeCountry(json) {
  const c = json || {};
  // a field named in `atLeast` or in `leftOut`: some territory's figure of it was left out of the sum
  const atLeastOf = (o) => new Set([...(Array.isArray(o?.atLeast) ? o.atLeast : []),
    ...(o?.leftOut && typeof o.leftOut === 'object' ? Object.keys(o.leftOut) : [])]);
  const total = normalizeSummary(c);
  total.scope = 'country';
  total.atLeast = atLeastOf(c);
  total.newParticipants.atLeast = atLeastOf(c.newParticipants);
  const tools = listOf(c.tools);
  total.tools = normalizeTools(tools).map((t, i) => ({ ...t, atLeast: atLeastOf(tools[i]) }));
  total.wellbeing.atLeast = atLeastOf(c.wellbeing);
  const dimensions = new Map(listOf(c.wellbeing?.dimensions).map((d) => [String(d.dimension).toUpperCase(), d]));
  for (const d of total.wellbeing.dimensions) d.atLeast = atLeastOf(dimensions.get(d.dimension));
  total.footprint.atLeast = atLeastOf(c.footprint);
  if (total.footprint.atLeast.has('assessments')) {
    // a hidden territory's assessments are left out (every one's, when the sum is 0): the mean is hidden, not
    // "No data yet", for the country's footprints were sent (review 12, finding 6)
    for (const k of ['meanTonnes', 'shareUnder2t']) if (total.footprint[k] == null) total.footprint.hidden.add(k);
  }
  total.hiddenTerritories = count(c.territoriesLeftOut);
  total.territoryCount = count(c.territories);
  return total;
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
