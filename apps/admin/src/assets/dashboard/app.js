/* The live dashboard: reads the admin service's server-sent events and draws at most once a frame. */
(function () {
  'use strict';
  const $ = function (id) { return document.getElementById(id); };
  const state = { stream: null, overview: null, points: {}, series: [], tokenRequired: false };
  let queued = false;

  function h(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === 'class') node.className = attrs[k]; else node.setAttribute(k, attrs[k]);
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function replace(parent, children) {
    parent.replaceChildren(...children);
  }

  function ago(iso) {
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.round(s / 60) + ' min ago';
    return new Date(iso).toLocaleTimeString();
  }

  function schedule() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () {
      queued = false;
      render();
    });
  }

  // ---- rendering --------------------------------------------------------------------------
  function renderLines(s) {
    $('seen-lines').textContent = s.seen.wordCounts.toLocaleString();
    $('seen-alerts').textContent = s.seen.wordAlerts.toLocaleString();
    $('seen-means').textContent = s.seen.rollingMeans.toLocaleString();
    const items = s.lines.map(function (l) {
      const li = h('li', { class: l.alert ? 'alert' : '', 'data-id': l.id, 'data-words': String(l.words) });
      li.appendChild(h('span', { class: 'count', title: 'words (alert above ' + l.threshold + ')' }, String(l.words)));
      li.appendChild(h('span', { class: 'text', title: l.text }, l.text));
      if (l.alert) li.appendChild(h('span', { class: 'badge' }, 'alert'));
      li.appendChild(h('time', { datetime: l.processedAt }, ago(l.processedAt)));
      return li;
    });
    if (items.length === 0) items.push(h('li', { class: 'empty' }, 'no lines yet: send one above'));
    replace($('lines'), items);

    const alerts = s.alerts.map(function (l) {
      const li = h('li', { class: 'alert', 'data-id': l.id, 'data-words': String(l.words) });
      li.appendChild(h('span', { class: 'count' }, String(l.words)));
      li.appendChild(h('span', { class: 'text', title: l.text }, l.text));
      li.appendChild(h('time', { datetime: l.processedAt }, ago(l.processedAt)));
      return li;
    });
    if (alerts.length === 0) alerts.push(h('li', { class: 'empty' }, 'no alerts yet'));
    replace($('alerts'), alerts);
  }

  function renderWords(s) {
    const max = s.topWords.length ? s.topWords[0].count : 1;
    const items = s.topWords.map(function (w) {
      const li = h('li', { 'data-word': w.word, 'data-count': String(w.count) });
      const bar = h('span', { class: 'bar' });
      bar.style.width = Math.max(4, (w.count / max) * 100) + '%';
      li.appendChild(bar);
      li.appendChild(h('span', { class: 'word' }, w.word));
      li.appendChild(h('span', { class: 'n' }, w.count.toLocaleString()));
      return li;
    });
    if (items.length === 0) items.push(h('li', { class: 'empty' }, 'no words yet'));
    replace($('top-words'), items);
  }

  function chosenSeries() {
    const picked = $('series-select').value;
    if (picked && state.points[picked]) return picked;
    return state.series.length ? state.series[0].name : '';
  }

  function renderSeries() {
    const select = $('series-select');
    const picked = select.value;
    const options = [h('option', { value: '' }, 'most recent' + (state.series.length ? ' (' + state.series[0].name + ')' : ''))];
    state.series.forEach(function (s) { options.push(h('option', { value: s.name }, s.name)); });
    const names = state.series.map(function (s) { return s.name; }).join('\n');
    if (select.dataset.names !== names || select.options[0].textContent !== options[0].textContent) {
      replace(select, options);
      select.value = picked && state.points[picked] ? picked : '';
      select.dataset.names = names;
    }
    const name = chosenSeries();
    const pts = state.points[name] || [];
    const data = {
      xs: pts.map(function (p) { return p.n; }),
      values: pts.map(function (p) { return p.value; }),
      means: pts.map(function (p) { return p.mean; }),
    };
    const svg = $('series-chart');
    svg.dataset.series = name;
    svg.dataset.values = JSON.stringify(data.values);
    svg.dataset.means = JSON.stringify(data.means);
    svg.dataset.counts = JSON.stringify(data.xs);
    KCharts.lineChart(svg, data);
    const last = pts[pts.length - 1];
    $('series-stats').textContent = last
      ? name + ' · ' + last.n + ' values · last ' + KCharts.fmt(last.value) + (last.mean === null ? ' · mean after 3 values' : ' · mean ' + KCharts.fmt(last.mean))
      : '';
  }

  function renderHealth(o) {
    const items = [];
    if (o.health.error) {
      items.push(h('li', { class: 'down' }, 'health unknown'));
    } else {
      const add = function (name, c) {
        const li = h('li', { class: c.ok ? 'up' : 'down', 'data-component': name, title: c.ok ? c.ms + ' ms' : String(typeof c.detail === 'string' ? c.detail : JSON.stringify(c.detail)) }, name);
        items.push(li);
      };
      add('broker', o.health.broker);
      Object.keys(o.health.apps).forEach(function (k) { add(k, o.health.apps[k]); });
    }
    replace($('health'), items);
  }

  function renderTopics(o) {
    if (o.topics.error) {
      replace($('topics'), [h('tr', {}, '')]);
      $('topics').firstChild.appendChild(h('td', { colspan: '3', class: 'error' }, o.topics.error));
      return;
    }
    replace($('topics'), o.topics.map(function (t) {
      const tr = h('tr', { class: [t.exists ? '' : 'missing', t.internal ? 'internal' : ''].join(' ').trim(), 'data-topic': t.name });
      const name = h('td', {}, t.name);
      if (t.internal) name.appendChild(h('span', { class: 'tag', title: 'between the two stages of a processor; results are never read here' }, 'internal'));
      tr.appendChild(name);
      tr.appendChild(h('td', { class: 'num' }, t.exists ? String(t.partitions) : '–'));
      tr.appendChild(h('td', { class: 'num' }, t.exists ? t.messages.toLocaleString() : 'missing'));
      return tr;
    }));
  }

  function renderGroups(o) {
    const items = o.groups.map(function (g) {
      const li = h('li', { class: g.alert ? 'lagging' : '', 'data-group': g.id, 'data-lag': g.totalLag === null ? '' : String(g.totalLag) });
      const head = h('div', { class: 'g-head' });
      head.appendChild(h('span', { class: 'g-id' }, g.id));
      head.appendChild(h('span', { class: 'g-state ' + (g.state === 'Stable' ? 'ok' : 'warn') }, g.state + (g.members ? ' · ' + g.members + (g.members === 1 ? ' member' : ' members') : '')));
      li.appendChild(head);
      const row = h('div', { class: 'g-row' });
      row.appendChild(h('span', { class: 'g-lag' }, g.totalLag === null ? 'lag –' : 'lag ' + g.totalLag.toLocaleString()));
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('class', 'spark');
      row.appendChild(svg);
      li.appendChild(row);
      li._spark = { svg: svg, values: g.history.map(function (s) { return s.totalLag; }) };
      return li;
    });
    replace($('groups'), items);
    items.forEach(function (li) { KCharts.sparkline(li._spark.svg, li._spark.values); });
  }

  function renderDlq(o) {
    replace($('dlq'), o.dlq.map(function (d) {
      const li = h('li', { class: d.messages ? 'has' : '', 'data-topic': d.name });
      const a = h('a', { href: d.href, target: '_blank', rel: 'noopener' }, d.name);
      li.appendChild(a);
      li.appendChild(h('span', { class: 'n' }, d.messages === null ? 'missing' : d.messages.toLocaleString()));
      return li;
    }));
  }

  function render() {
    if (state.stream) {
      renderLines(state.stream);
      renderWords(state.stream);
      renderSeries();
    }
    if (state.overview) {
      renderHealth(state.overview);
      renderTopics(state.overview);
      renderGroups(state.overview);
      renderDlq(state.overview);
    }
  }

  // ---- events -----------------------------------------------------------------------------
  function connect() {
    const es = new EventSource('/dashboard/events');
    const conn = $('connection');
    es.onopen = function () { conn.dataset.state = 'live'; conn.textContent = 'live'; };
    es.onerror = function () { conn.dataset.state = 'down'; conn.textContent = 'reconnecting…'; };
    es.addEventListener('stream', function (e) {
      const s = JSON.parse(e.data);
      Object.keys(s.points).forEach(function (name) { state.points[name] = s.points[name]; });
      const live = {};
      s.series.forEach(function (x) { live[x.name] = true; });
      Object.keys(state.points).forEach(function (name) { if (!live[name]) delete state.points[name]; });
      state.series = s.series;
      state.stream = s;
      schedule();
    });
    es.addEventListener('overview', function (e) {
      state.overview = JSON.parse(e.data);
      schedule();
    });
  }

  // ---- sending ----------------------------------------------------------------------------
  function token() {
    return $('admin-token').value.trim();
  }

  function send(path, body, button) {
    const result = $('send-result');
    const headers = { 'content-type': 'application/json' };
    if (token()) headers.authorization = 'Bearer ' + token();
    button.disabled = true;
    return fetch(path, { method: 'POST', headers: headers, body: JSON.stringify(body) })
      .then(function (res) {
        return res.text().then(function (text) {
          let json = null;
          try { json = JSON.parse(text); } catch { /* not JSON */ }
          if (res.ok && json) {
            result.className = 'result ok';
            result.textContent = 'stored in ' + json.topic + ' partition ' + json.partition + ' at offset ' + json.offset;
            return true;
          }
          result.className = 'result error';
          let msg = json && json.message ? [].concat(json.message).join('; ') : text;
          if (res.status === 401 || res.status === 403) { $('token-row').hidden = false; msg += ' (enter the admin token)'; }
          result.textContent = res.status + ': ' + msg;
          return false;
        });
      })
      .catch(function (err) {
        result.className = 'result error';
        result.textContent = 'not sent: ' + err.message;
        return false;
      })
      .finally(function () { button.disabled = false; });
  }

  $('send-line').addEventListener('submit', function (e) {
    e.preventDefault();
    const input = $('line-text');
    send('/dashboard/send/line', { text: input.value }, e.submitter || this.querySelector('button')).then(function (ok) {
      if (ok) input.value = '';
    });
  });

  $('send-number').addEventListener('submit', function (e) {
    e.preventDefault();
    const value = Number($('number-value').value);
    const series = $('number-series').value.trim();
    const body = { value: value };
    if (series) body.series = series;
    send('/dashboard/send/number', body, e.submitter || this.querySelector('button')).then(function (ok) {
      if (ok) $('number-value').select();
    });
  });

  $('series-select').addEventListener('change', schedule);
  $('admin-token').addEventListener('change', function () { sessionStorage.setItem('kstream-admin-token', token()); });
  $('admin-token').value = sessionStorage.getItem('kstream-admin-token') || '';
  window.addEventListener('resize', schedule);
  setInterval(schedule, 10000); // keeps the "s ago" times honest when nothing arrives

  fetch('/dashboard/config')
    .then(function (res) { return res.json(); })
    .then(function (c) {
      state.tokenRequired = c.tokenRequired;
      $('token-row').hidden = !c.tokenRequired;
    })
    .catch(function () { /* the form still works; a 401 shows the token field */ });

  connect();
})();
