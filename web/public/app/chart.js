// Trend charts drawn by uPlot (npm "uplot", pinned in web/package-lock.json and embedded at
// build time as /vendor/uPlot.iife.min.js, a classic script that defines window.uPlot). The
// x axis is a list of labels (months, scans); each series a line with its points.
import {h, notice} from './dom.js';

// lineChart({title, labels: ['2026-11', '2026-12'], series: [{label, color, values}], testid})
export function lineChart({title, labels, series, testid, width = 560, height = 240}) {
  const box = h('figure', {class: 'chart', 'data-testid': testid, 'data-points': String(labels.length)},
    h('figcaption', null, title));
  if (!labels.length) {
    box.append(h('p', {class: 'empty'}, '暂无数据。'));
    return box;
  }
  if (typeof window.uPlot !== 'function') {
    box.append(notice('error', '图表组件未能加载。'));
    return box;
  }
  const xs = labels.map((_, i) => i);
  const opts = {
    width, height,
    scales: {x: {time: false, range: () => [-0.5, labels.length - 0.5]}, y: {range: (u, min, max) => [0, Math.max(1, max) * 1.15]}},
    axes: [
      {splits: () => xs, values: (u, splits) => splits.map((i) => labels[i] ?? '')},
      {values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : ''))},
    ],
    series: [{label: title, value: (u, i) => (i == null ? '--' : labels[i] ?? '--')},
             ...series.map((s) => ({label: s.label, stroke: s.color, width: 2,
                                    points: {show: true, size: 8, fill: s.color}}))],
    legend: {show: true},
    cursor: {drag: {x: false, y: false}},
    // uPlot's legend gives the values under the cursor and "--" without one: a reader who does
    // not hover would see no figure at all. Without a cursor it shows the latest point.
    hooks: {
      ready: [(u) => u.setLegend({idx: labels.length - 1}, false)],
      setLegend: [(u) => { if (u.legend.idx == null) u.setLegend({idx: labels.length - 1}, false); }],
    },
  };
  new window.uPlot(opts, [xs, ...series.map((s) => s.values)], box);
  return box;
}
