// Small live charts for the dashboard: plain SVG, no library. A Chart keeps the last samples of one or more named
// series and draws them as lines under a title with the latest values; the dashboard feeds it every few seconds.
(function (root) {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var WIDTH = 240;
  var HEIGHT = 56;
  var KEEP = 60;
  var COLORS = ['#2563eb', '#15803d', '#b91c1c', '#a16207', '#7c3aed'];

  function svg(tag, attrs) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  /** A chart in `container` named `name` (data-name), titled `title`, with series `names` (one line each). */
  function Chart(container, name, title, names) {
    this.names = names;
    this.samples = [];
    this.el = document.createElement('div');
    this.el.className = 'chart';
    this.el.dataset.name = name;
    this.el.dataset.samples = '0';
    this.head = document.createElement('div');
    this.head.className = 'chart-head';
    this.titleEl = document.createElement('span');
    this.titleEl.textContent = title;
    this.valueEl = document.createElement('span');
    this.valueEl.className = 'chart-value';
    this.head.append(this.titleEl, this.valueEl);
    this.svg = svg('svg', { viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, preserveAspectRatio: 'none', role: 'img', 'aria-label': title });
    this.el.append(this.head, this.svg);
    container.append(this.el);
  }

  /** Adds one sample: an object series name → number (a missing or non-finite value counts as 0). */
  Chart.prototype.add = function (values) {
    var sample = this.names.map(function (n) { var v = Number(values[n]); return isFinite(v) ? v : 0; });
    this.samples.push(sample);
    if (this.samples.length > KEEP) { this.samples.shift(); }
    this.draw();
  };

  Chart.prototype.setTitle = function (title) { this.titleEl.textContent = title; };

  Chart.prototype.draw = function () {
    var samples = this.samples;
    var max = 1;
    samples.forEach(function (s) { s.forEach(function (v) { if (v > max) { max = v; } }); });
    while (this.svg.firstChild) { this.svg.removeChild(this.svg.firstChild); }
    this.svg.append(svg('line', { x1: 0, y1: HEIGHT - 0.5, x2: WIDTH, y2: HEIGHT - 0.5, class: 'axis' }));
    var step = WIDTH / (KEEP - 1);
    var offset = WIDTH - (samples.length - 1) * step;
    var self = this;
    this.names.forEach(function (name, i) {
      var points = samples.map(function (s, j) {
        return (offset + j * step).toFixed(1) + ',' + (HEIGHT - 2 - (s[i] / max) * (HEIGHT - 6)).toFixed(1);
      }).join(' ');
      self.svg.append(svg('polyline', { points: points, fill: 'none', stroke: COLORS[i % COLORS.length], 'stroke-width': 1.5,
        'vector-effect': 'non-scaling-stroke', 'data-series': name }));
    });
    var last = samples[samples.length - 1] || [];
    while (this.valueEl.firstChild) { this.valueEl.removeChild(this.valueEl.firstChild); }
    this.names.forEach(function (n, i) {
      var part = document.createElement('span');
      part.style.color = COLORS[i % COLORS.length]; // CSSOM, allowed under the page's style-src 'self'
      part.textContent = (i ? ' · ' : '') + (self.names.length > 1 ? n + ' ' : '') + format(last[i]);
      self.valueEl.append(part);
    });
    this.el.dataset.samples = String(samples.length);
    this.el.dataset.last = JSON.stringify(last);
  };

  function format(v) {
    if (v == null) { return '–'; }
    return v >= 100 || v === Math.round(v) ? String(Math.round(v)) : v.toFixed(1);
  }

  /** Per-second rate of a counter between two samples: {at, value} pairs; null before the second sample. */
  function rate(previous, current) {
    if (!previous || current.at <= previous.at || current.value < previous.value) { return null; }
    return (current.value - previous.value) / ((current.at - previous.at) / 1000);
  }

  root.SwitchboardCharts = { Chart: Chart, rate: rate };
})(window);
