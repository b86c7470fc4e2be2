/* Small SVG charts: a line chart with axes and a sparkline. No dependencies. */
(function (global) {
  'use strict';
  const NS = 'http://www.w3.org/2000/svg';

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function clear(svg) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
  }

  function fmt(n) {
    if (n === null || n === undefined) return '';
    const a = Math.abs(n);
    if (a >= 1e6 || (a > 0 && a < 1e-3)) return n.toExponential(1);
    return String(Math.round(n * 100) / 100);
  }

  /** "Nice" tick values between min and max. */
  function ticks(min, max, count) {
    if (min === max) return [min];
    let step = Math.pow(10, Math.floor(Math.log10((max - min) / count)));
    const err = (count * step) / (max - min);
    if (err <= 0.15) step *= 10; else if (err <= 0.35) step *= 5; else if (err <= 0.75) step *= 2;
    const out = [];
    for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
    return out;
  }

  function path(points) {
    let d = '';
    let pen = false;
    points.forEach(function (p) {
      if (p === null) { pen = false; return; }
      d += (pen ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1);
      pen = true;
    });
    return d;
  }

  /**
   * Values and rolling means against the series' count. `data`: {xs, values, means}; a null
   * mean (the window not full yet) leaves a gap.
   */
  function lineChart(svg, data) {
    clear(svg);
    const w = svg.clientWidth || 600;
    const h = svg.clientHeight || 220;
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    const m = { l: 44, r: 12, t: 10, b: 24 };
    if (data.values.length === 0) {
      el('text', { x: w / 2, y: h / 2, 'text-anchor': 'middle', class: 'empty' }, svg).textContent = 'no numbers yet: send one';
      return;
    }
    const all = data.values.concat(data.means.filter(function (v) { return v !== null; }));
    let lo = Math.min(...all);
    let hi = Math.max(...all);
    if (lo === hi) { lo -= 1; hi += 1; }
    const pad = (hi - lo) * 0.08;
    lo -= pad; hi += pad;
    const x0 = data.xs[0];
    const x1 = data.xs[data.xs.length - 1];
    const sx = function (x) { return m.l + (x1 === x0 ? (w - m.l - m.r) / 2 : ((x - x0) / (x1 - x0)) * (w - m.l - m.r)); };
    const sy = function (y) { return h - m.b - ((y - lo) / (hi - lo)) * (h - m.t - m.b); };

    const grid = el('g', { class: 'grid' }, svg);
    ticks(lo, hi, 4).forEach(function (t) {
      if (t < lo || t > hi) return;
      el('line', { x1: m.l, x2: w - m.r, y1: sy(t), y2: sy(t) }, grid);
      el('text', { x: m.l - 6, y: sy(t) + 4, 'text-anchor': 'end' }, grid).textContent = fmt(t);
    });
    const xt = ticks(x0, x1, Math.min(6, Math.max(1, x1 - x0))).filter(function (t) { return Number.isInteger(t); });
    xt.forEach(function (t) {
      el('text', { x: sx(t), y: h - 6, 'text-anchor': 'middle' }, grid).textContent = '#' + t;
    });

    const valuePts = data.values.map(function (v, i) { return [sx(data.xs[i]), sy(v)]; });
    const meanPts = data.means.map(function (v, i) { return v === null ? null : [sx(data.xs[i]), sy(v)]; });
    el('path', { d: path(valuePts), class: 'line value' }, svg);
    el('path', { d: path(meanPts), class: 'line mean' }, svg);
    const dots = el('g', { class: 'dots' }, svg);
    if (valuePts.length <= 40) {
      valuePts.forEach(function (p, i) {
        const c = el('circle', { cx: p[0], cy: p[1], r: 3, class: 'dot value' }, dots);
        el('title', {}, c).textContent = '#' + data.xs[i] + ': ' + data.values[i];
      });
      meanPts.forEach(function (p, i) {
        if (!p) return;
        const c = el('circle', { cx: p[0], cy: p[1], r: 3, class: 'dot mean' }, dots);
        el('title', {}, c).textContent = '#' + data.xs[i] + ' mean: ' + fmt(data.means[i]);
      });
    }
  }

  /** A bare sparkline of numbers (lag history). */
  function sparkline(svg, values) {
    clear(svg);
    const w = svg.clientWidth || 120;
    const h = svg.clientHeight || 28;
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    if (values.length === 0) {
      el('text', { x: w / 2, y: h / 2 + 4, 'text-anchor': 'middle', class: 'empty' }, svg).textContent = 'no samples yet';
      return;
    }
    const hi = Math.max(1, ...values);
    const n = values.length;
    const pts = values.map(function (v, i) { return [n === 1 ? w / 2 : 2 + (i / (n - 1)) * (w - 4), h - 3 - (v / hi) * (h - 6)]; });
    const area = path(pts) + 'L' + pts[n - 1][0].toFixed(1) + ' ' + (h - 1) + 'L' + pts[0][0].toFixed(1) + ' ' + (h - 1) + 'Z';
    el('path', { d: area, class: 'spark-area' }, svg);
    el('path', { d: path(pts), class: 'spark-line' }, svg);
  }

  global.KCharts = { lineChart: lineChart, sparkline: sparkline, fmt: fmt };
})(window);
