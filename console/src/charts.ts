/**
 * Hand-made SVG charts: stacked columns over time and ranked horizontal bars. Each chart
 * is an `img` with a text summary for screen readers, and its numbers sit in a table
 * under it, so nothing is shown only as a picture. Colours come from classes (app.css).
 */
import { h, svg } from './dom';

/** One named series of a column chart. */
export interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 40, right: 8, top: 10, bottom: 34 };

/** Stacked columns: one column per label (e.g. per hour), one colour per series. */
export function columnChart(title: string, labels: readonly string[], series: readonly Series[]): HTMLElement {
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, labels.length);
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': `${title}: ${summary(labels, totals)}` });
  chart.appendChild(svg('line', { class: 'axis', x1: PAD.left, y1: PAD.top + plotH, x2: WIDTH - PAD.right, y2: PAD.top + plotH }));
  chart.appendChild(svg('text', { x: 2, y: PAD.top + 10 }, String(max)));
  chart.appendChild(svg('text', { x: 2, y: PAD.top + plotH }, '0'));
  labels.forEach((label, i) => {
    let y = PAD.top + plotH;
    series.forEach((s, k) => {
      const value = s.values[i] ?? 0;
      if (value === 0) return;
      const height = (value / max) * plotH;
      y -= height;
      chart.appendChild(svg('rect', { class: `c${k % 8}`, x: PAD.left + i * step + 1, y, width: Math.max(1, step - 2), height }, svg('title', {}, `${label} ${s.name}: ${value}`)));
    });
    const every = Math.ceil(labels.length / 8);
    if (i % every === 0) chart.appendChild(svg('text', { x: PAD.left + i * step, y: HEIGHT - 18 }, label));
  });
  return figure(title, chart, series.length > 1 ? legend(series.map((s) => s.name)) : null, columnTable(labels, series));
}

/** Horizontal bars, largest first (top actors, top source IPs). */
export function barList(title: string, items: readonly { label: string; value: number }[]): HTMLElement {
  const max = Math.max(1, ...items.map((i) => i.value));
  const rowH = 22;
  const height = Math.max(rowH, items.length * rowH) + 4;
  const labelW = 170;
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': `${title}: ${items.map((i) => `${i.label} ${i.value}`).join(', ') || 'none'}` });
  items.forEach((item, i) => {
    const y = i * rowH + 2;
    const width = ((WIDTH - labelW - 50) * item.value) / max;
    chart.appendChild(svg('text', { x: 0, y: y + 14 }, truncate(item.label, 26)));
    chart.appendChild(svg('rect', { class: 'c0', x: labelW, y, width: Math.max(1, width), height: rowH - 6 }));
    chart.appendChild(svg('text', { x: labelW + width + 4, y: y + 14 }, String(item.value)));
  });
  const table = h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'who'), h('th', { scope: 'col', class: 'num' }, 'events'))));
  const body = h('tbody');
  for (const item of items) body.appendChild(h('tr', {}, h('td', {}, item.label), h('td', { class: 'num' }, item.value)));
  table.appendChild(body);
  return figure(title, chart, null, table);
}

function figure(title: string, chart: SVGElement, legendEl: HTMLElement | null, table: HTMLElement): HTMLElement {
  return h('figure', {}, h('figcaption', {}, title), chart, legendEl, h('details', {}, h('summary', {}, 'Numbers'), table));
}

function legend(names: readonly string[]): HTMLElement {
  return h('div', { class: 'legend' }, ...names.map((name, k) => {
    const swatch = svg('svg', { viewBox: '0 0 10 10', 'aria-hidden': 'true' }, svg('rect', { class: `c${k % 8}`, width: 10, height: 10 }));
    return h('span', {}, swatch as unknown as Node, ` ${name}`);
  }));
}

function columnTable(labels: readonly string[], series: readonly Series[]): HTMLElement {
  const head = h('tr', {}, h('th', { scope: 'col' }, 'hour'), ...series.map((s) => h('th', { scope: 'col', class: 'num' }, s.name)));
  const body = h('tbody');
  labels.forEach((label, i) => body.appendChild(h('tr', {}, h('td', {}, label), ...series.map((s) => h('td', { class: 'num' }, s.values[i] ?? 0)))));
  return h('table', {}, h('thead', {}, head), body);
}

function summary(labels: readonly string[], totals: readonly number[]): string {
  const sum = totals.reduce((a, b) => a + b, 0);
  return `${sum} in ${labels.length} intervals, at most ${Math.max(0, ...totals)} in one`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
