// ECharts options for each figure. Okabe–Ito colours: distinguishable with the common
// colour-vision deficiencies; never the only carrier of meaning (legends, labels, tables).

export const OKABE_ITO = {
  orange: '#E69F00', sky: '#56B4E9', green: '#009E73', yellow: '#F0E442',
  blue: '#0072B2', vermillion: '#D55E00', purple: '#CC79A7', black: '#000000',
};

const TEXT = '#1f2933';
const MUTED = '#52606d';
const GRID_LINE = '#e4e7eb';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const base = () => ({
  animation: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
  animationDuration: 300,
  animationDurationUpdate: 300,
  textStyle: { fontFamily: FONT, color: TEXT },
  aria: { enabled: false }, // the container carries a localized aria-label and a table carries the numbers
});

const axisCommon = {
  axisLine: { lineStyle: { color: '#9aa5b1' } },
  axisLabel: { color: MUTED },
  splitLine: { lineStyle: { color: GRID_LINE } },
};

export function growthOption({ growth, t, fmt, weekLabel, narrow = false }) {
  const labels = growth.map((p) => weekLabel(p.period));
  return {
    ...base(),
    color: [OKABE_ITO.sky, OKABE_ITO.blue],
    // on a phone the legend takes two lines: the plot starts below them, clear of the axes' top labels
    grid: { left: 56, right: 56, top: narrow ? 64 : 40, bottom: growth.length > 26 ? 64 : 36 },
    legend: { top: 0, left: 0, textStyle: { color: TEXT }, itemGap: 20 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => fmt.int(v) },
    xAxis: { type: 'category', data: labels, ...axisCommon, axisTick: { alignWithLabel: true } },
    yAxis: [
      // Axis names would repeat the legend: bars read on the left axis, the line on the right one.
      { type: 'value', minInterval: 1, ...axisCommon, axisLabel: { color: MUTED, formatter: (v) => fmt.int(v) } },
      { type: 'value', minInterval: 1, ...axisCommon, splitLine: { show: false }, axisLabel: { color: OKABE_ITO.blue, formatter: (v) => fmt.int(v) } },
    ],
    dataZoom: growth.length > 26
      ? [{ type: 'slider', startValue: zoomStart(growth), endValue: growth.length - 1, height: 18, bottom: 8 },
         { type: 'inside' }]
      : [],
    series: [
      { id: 'new', name: t('seriesNew'), type: 'bar', yAxisIndex: 0, data: growth.map((p) => p.newParticipants),
        // a blue edge: the light sky bars alone are 2.3:1 on white (WCAG 1.4.11)
        itemStyle: { borderRadius: [3, 3, 0, 0], borderColor: OKABE_ITO.blue, borderWidth: 1 }, barMaxWidth: 28 },
      { id: 'active', name: t('seriesActive'), type: 'line', yAxisIndex: 1, data: growth.map((p) => p.activeAtEnd),
        smooth: false, symbol: 'circle', symbolSize: 6, lineStyle: { width: 3 } },
    ],
  };
}

/** First week shown: at most 26 weeks back, and not before the week preceding the first activity. */
function zoomStart(growth) {
  const firstActive = growth.findIndex((p) => p.newParticipants > 0 || p.activeAtEnd > 0);
  return Math.min(growth.length - 8, Math.max(growth.length - 26, firstActive - 1));
}

export function mapOption({ territories, t, fmt, selectedId }) {
  const located = territories.filter((x) => x.lat != null && x.lon != null);
  const max = Math.max(1, ...located.map((x) => x.participantsActive));
  return {
    ...base(),
    tooltip: {
      trigger: 'item',
      formatter: (p) => (p.seriesType === 'scatter'
        ? `<strong>${escapeHtml(p.data.name)}</strong><br>${escapeHtml(p.data.countryName)}<br>${escapeHtml(t('labelValue', { label: t('colActive'), value: fmt.int(p.data.value[2]) }))}`
        : escapeHtml(p.name)),
    },
    geo: {
      map: 'world', roam: true, scaleLimit: { min: 1, max: 12 },
      itemStyle: { areaColor: '#eef1f4', borderColor: '#b8c2cc', borderWidth: 0.5 },
      emphasis: { disabled: true }, select: { disabled: true },
      label: { show: false },
      ...(located.length ? fitView(located) : {}),
    },
    series: [{
      id: 'territories', type: 'scatter', coordinateSystem: 'geo',
      data: located.map((x) => ({
        id: x.id, name: x.name, countryName: x.countryName,
        value: [x.lon, x.lat, x.participantsActive],
        itemStyle: { color: x.id === selectedId ? OKABE_ITO.vermillion : OKABE_ITO.blue },
      })),
      symbolSize: (v) => 6 + 22 * Math.sqrt(v[2] / max),
      itemStyle: { opacity: 0.8, borderColor: '#fff', borderWidth: 1 },
      label: { show: located.length <= 30, formatter: (p) => p.data.name, position: 'right', color: TEXT, fontSize: 11,
        textBorderColor: '#fff', textBorderWidth: 2 },
      labelLayout: { hideOverlap: true },
      emphasis: { scale: 1.3 },
    }],
  };
}

/** Centre and zoom on the territories, with a margin, instead of showing the whole world. */
function fitView(located) {
  const lons = located.map((x) => x.lon);
  const lats = located.map((x) => x.lat);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const span = Math.max(maxLon - minLon, (maxLat - minLat) * 1.6, 20);
  return { center: [(minLon + maxLon) / 2, (minLat + maxLat) / 2], zoom: Math.min(8, Math.max(1, 300 / (span * 1.4))) };
}

export function toolsOption({ tools, t, fmt, toolName }) {
  const rows = [...tools].reverse(); // first tool on top
  // Room for the longest tool name, measured with the page's font (ECharts' own estimate clips it).
  const labelWidth = Math.ceil(Math.max(40, ...rows.map((x) => textWidth(toolName(x), `12px ${FONT}`))));
  const hasDiscovered = tools.some((x) => x.discovered != null);
  const series = [];
  if (hasDiscovered) series.push({ id: 'discovered', name: t('colDiscovered'), color: OKABE_ITO.sky, data: rows.map((x) => x.discovered ?? 0) });
  series.push({ id: 'started', name: t('colStarted'), color: OKABE_ITO.blue, data: rows.map((x) => x.starts) });
  series.push({ id: 'completed', name: t('colCompleted'), color: OKABE_ITO.green, data: rows.map((x) => x.completions) });
  return {
    ...base(),
    grid: { left: labelWidth + 16, right: 40, top: 36, bottom: 24 },
    legend: { top: 0, left: 0, textStyle: { color: TEXT }, itemGap: 20 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => fmt.int(v) },
    xAxis: { type: 'value', minInterval: 1, ...axisCommon, axisLabel: { color: MUTED, formatter: (v) => fmt.int(v) } },
    yAxis: { type: 'category', data: rows.map((x) => toolName(x)), ...axisCommon, axisLabel: { color: TEXT } },
    series: series.map((s) => ({
      ...s, type: 'bar', barGap: '15%', barMaxWidth: 14, itemStyle: { color: s.color, borderRadius: [0, 3, 3, 0],
        ...(s.color === OKABE_ITO.sky ? { borderColor: OKABE_ITO.blue, borderWidth: 1 } : {}) },
      label: { show: true, position: 'right', color: MUTED, fontSize: 11, formatter: (p) => (p.value ? fmt.int(p.value) : '') },
    })),
  };
}

export function wellbeingOption({ wellbeing, t, fmt, dimensionName }) {
  const dims = wellbeing.dimensions;
  return {
    ...base(),
    grid: { left: 48, right: 48, top: 40, bottom: 28 },
    legend: { top: 0, left: 0, textStyle: { color: TEXT }, itemGap: 20 },
    tooltip: {
      trigger: 'axis', axisPointer: { type: 'shadow' },
      formatter: (items) => {
        const d = dims[items[0].dataIndex];
        const lines = items.filter((i) => i.seriesId !== 'score' || typeof i.value === 'number')
          .map((i) => i.marker + escapeHtml(t('labelValue', { label: i.seriesName, value: i.seriesId === 'score' ? fmt.decimal(i.value, 1) : fmt.int(i.value) })));
        return `<strong>${escapeHtml(d.dimension)} — ${escapeHtml(dimensionName(d))}</strong><br>${lines.join('<br>')}`;
      },
    },
    xAxis: { type: 'category', data: dims.map((d) => d.dimension), ...axisCommon, axisLabel: { color: TEXT, fontWeight: 600 } },
    yAxis: [
      { type: 'value', minInterval: 1, ...axisCommon, axisLabel: { color: MUTED, formatter: (v) => fmt.int(v) } },
      { type: 'value', min: 0, max: 5, interval: 1, ...axisCommon, splitLine: { show: false },
        axisLabel: { color: '#8a5a00' } },
    ],
    series: [
      { id: 'wellbeing', name: t('qWellbeing'), type: 'bar', stack: 'q', data: dims.map((d) => d.wellbeing), itemStyle: { color: OKABE_ITO.green } },
      { id: 'illbeing', name: t('qIllbeing'), type: 'bar', stack: 'q', data: dims.map((d) => d.illbeing), itemStyle: { color: OKABE_ITO.vermillion } },
      { id: 'action', name: t('qAction'), type: 'bar', stack: 'q', data: dims.map((d) => d.action), itemStyle: { color: OKABE_ITO.blue }, barMaxWidth: 36 },
      // points only: the dimensions are categories, a line from one to the next would read as a trend
      { id: 'score', name: t('meanScore'), type: 'scatter', yAxisIndex: 1, data: dims.map((d) => d.meanScore ?? '-'),
        symbol: 'diamond', symbolSize: 12, itemStyle: { color: OKABE_ITO.orange, borderColor: TEXT, borderWidth: 1 } },
    ],
  };
}

export function footprintOption({ footprint, t, fmt }) {
  const mean = footprint.meanTonnes;
  const max = Math.max(4, Math.ceil(((mean ?? 0) * 1.2) / 2) * 2);
  const under = mean != null && mean < 2;
  return {
    ...base(),
    grid: { left: 8, right: 24, top: 28, bottom: 24, containLabel: true },
    tooltip: { trigger: 'item', valueFormatter: (v) => `${fmt.decimal(v, 2)} t` },
    xAxis: { type: 'value', min: 0, max, interval: max > 12 ? 4 : 2, ...axisCommon, axisLabel: { color: MUTED, formatter: (v) => `${fmt.int(v)} t` } },
    yAxis: { type: 'category', data: [t('fpMeanLabel')], ...axisCommon, axisLabel: { show: false }, axisTick: { show: false } },
    series: [{
      id: 'mean', name: t('fpMeanLabel'), type: 'bar', barWidth: 28,
      data: [mean == null ? null : Math.round(mean * 100) / 100],
      itemStyle: { color: under ? OKABE_ITO.green : OKABE_ITO.orange, borderRadius: [0, 4, 4, 0] },
      // dark text: white on the orange or green bar is 2.3:1 or 3.2:1 (WCAG 1.4.3)
      label: { show: mean != null, position: 'insideRight', color: '#111', fontWeight: 700,
        formatter: (p) => `${fmt.decimal(p.value, 2)} t` },
      markLine: {
        symbol: 'none', silent: true,
        lineStyle: { color: OKABE_ITO.black, type: 'dashed', width: 2 },
        label: { formatter: t('fpGoal'), position: 'end', color: TEXT, fontWeight: 600 },
        data: [{ xAxis: 2 }],
      },
    }],
  };
}

let measure = null;
function textWidth(text, font) {
  measure = measure || document.createElement('canvas').getContext('2d');
  measure.font = font;
  return measure.measureText(String(text)).width;
}

export function escapeHtml(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
