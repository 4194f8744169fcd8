// Switchboard dashboard. Plain JS, no build step: the Switchboard client library (lib/switchboard-client.js, on the
// official vertx-eventbus.js over SockJS) for everything live, GET /api/status for the cluster card, charts.js for the
// live charts. Every room view is a RoomFeed on a library subscription, which keeps the room's offset and epoch and
// resumes after a reconnect (to this node or, behind a balancer, another one) with each event once, in order.
(function () {
  'use strict';

  var TOKEN_KEY = 'switchboard.token';
  var ROOM_KEY = 'switchboard.room';
  var SIGNIN_ERROR_KEY = 'switchboard.signinError';
  var ROOM_NAME = /^(global|processes|errors|(user|project|agent|process):[A-Za-z0-9_.-]{1,128})$/;
  var STATUS_EVERY_MS = 3000;
  var PROCESSES_EVERY_MS = 5000;
  var PRESENCE_EVERY_MS = 5000;
  var SETTLE_MS = 1000;
  var MAX_ITEMS = 500;
  var MAX_LINES = 2000;
  var LOST = 'missed events could not be recovered — reloaded';
  var RUNNING = { starting: true, running: true, crashloop: true };

  // ---------------------------------------------------------------- small DOM helpers

  function $(id) { return document.getElementById(id); }

  function h(tag, props) {
    var el = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value == null || value === false) { return; }
      if (key === 'class') { el.className = value; }
      else if (key === 'dataset') { Object.assign(el.dataset, value); }
      else if (key.indexOf('on') === 0) { el.addEventListener(key.slice(2), value); }
      else { el.setAttribute(key, value === true ? '' : value); }
    });
    for (var i = 2; i < arguments.length; i++) { append(el, arguments[i]); }
    return el;
  }

  function append(el, child) {
    if (child == null || child === false) { return; }
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.append(child instanceof Node ? child : String(child));
  }

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }

  function time(iso) {
    if (!iso) { return ''; }
    var d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleTimeString([], { hour12: false });
  }

  function pill(text, kind) { return h('span', { class: 'pill pill-' + kind }, text); }

  function stateKind(state) {
    return { running: 'ok', starting: 'info', started: 'info', restarting: 'warn', exited: 'idle', stopped: 'idle', timed_out: 'warn',
      crashloop: 'bad', failed: 'bad', lost: 'bad' }[state] || 'idle';
  }

  /** The sentence of a bridge err (failureCode, failureType, message) or a reply failure's JSON message. */
  function describe(err) {
    if (!err) { return 'unknown error'; }
    if (err instanceof Error) { return err.message; }
    var message = err.message;
    try { var parsed = JSON.parse(message); if (parsed && parsed.message) { message = parsed.message; } } catch (e) { /* plain text */ }
    return (err.failureCode ? err.failureCode + ' ' : '') + (err.failureType ? err.failureType + ': ' : '') + (message || '');
  }

  function trim(list, max, fromEnd) {
    while (list.children.length > max) { list.removeChild(fromEnd ? list.lastChild : list.firstChild); }
  }

  function notice(text) {
    var box = $('notices');
    var existing = Array.prototype.find.call(box.children, function (n) { return n.dataset.text === text; });
    if (existing) { existing.querySelector('.when').textContent = time(new Date().toISOString()); return; }
    box.append(h('div', { class: 'notice', dataset: { text: text } },
      h('span', null, text, ' ', h('span', { class: 'when muted small' }, time(new Date().toISOString()))),
      h('button', { type: 'button', 'aria-label': 'dismiss', onclick: function (e) { e.target.closest('.notice').remove(); } }, '×')));
  }

  // ---------------------------------------------------------------- the token

  /** The token from ?token= (then removed from the address bar) or from this tab's sessionStorage. */
  function readToken() {
    var url = new URL(window.location.href);
    var fromUrl = url.searchParams.get('token');
    if (fromUrl) {
      sessionStorage.setItem(TOKEN_KEY, fromUrl.trim());
      url.searchParams.delete('token');
      history.replaceState(null, '', url.pathname + url.search + url.hash);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }

  /**
   * A sign-in link's one-time code (?signin=, printed by a node that made its own key): removed from the address bar
   * and traded once for a token (POST /api/signin); a used or expired code leaves a sentence for the sign-in card.
   */
  function redeemSignIn() {
    var url = new URL(window.location.href);
    var code = url.searchParams.get('signin');
    if (!code) { return Promise.resolve(); }
    url.searchParams.delete('signin');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fetch('/api/signin', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code }), cache: 'no-store'
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.status === 200 && body.token) {
          sessionStorage.setItem(TOKEN_KEY, body.token);
        } else {
          sessionStorage.removeItem(TOKEN_KEY);
          sessionStorage.setItem(SIGNIN_ERROR_KEY, 'That sign-in link cannot be used: ' + (body.message || response.status));
        }
      });
    }).catch(function () {
      sessionStorage.setItem(SIGNIN_ERROR_KEY, 'The node did not answer the sign-in link.');
    });
  }

  function claimsOf(token) {
    try {
      var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      part += '===='.slice(0, (4 - part.length % 4) % 4);
      var bytes = atob(part);
      return JSON.parse(decodeURIComponent(Array.prototype.map.call(bytes, function (c) {
        return '%' + ('0' + c.charCodeAt(0).toString(16)).slice(-2);
      }).join('')));
    } catch (e) {
      return null;
    }
  }

  function signOut(reason) {
    sessionStorage.removeItem(TOKEN_KEY);
    if (reason) { sessionStorage.setItem(SIGNIN_ERROR_KEY, reason); }
    if (app.client) { app.client.close(); }
    window.location.replace(window.location.pathname);
  }

  // ---------------------------------------------------------------- the connection (the client library)

  /**
   * The page's one Switchboard client: it reconnects by itself (backoff with full jitter, by the bridge's close
   * codes) and registers every room again with {since, epoch}. A token the bridge refuses or that has expired
   * (close 4401: the library asks getToken for a new one) signs the page out: it has no other token to offer.
   */
  function connectClient(token) {
    var refusal = null;
    var client = Switchboard.connect([window.location.origin + '/eventbus'], {
      getToken: function (ask) {
        if (ask.reason !== 'expired') { return token; }
        signOut(refusal && refusal.failureType === 'TOKEN_EXPIRED' ? 'Your token has expired: sign in again.'
          : 'The node refused this token' + (refusal ? ': ' + describe(refusal) : '.'));
        return new Promise(function () { /* the page is leaving */ });
      },
    });
    client.on('connecting', function (s) { setState(client.opens ? 'reconnecting' : 'connecting', s.attempt); });
    client.on('reconnecting', function (s) { setState('reconnecting', s.attempt, s.delay); });
    client.on('open', function () { setState('connected'); });
    client.on('closed', function (s) {
      setState('disconnected');
      if (s.code !== 1000) { notice('connection closed for good: ' + s.code + ' ' + (s.reason || '') + ' (' + (s.why || '') + ')'); }
    });
    client.on('error', function (err) {
      if (err.failureType === 'UNAUTHENTICATED' || err.failureType === 'TOKEN_EXPIRED') { refusal = err; return; }
      if (!err.room && err.failureType !== 'CONNECTION_LOST') { notice('bridge: ' + describe(err)); }
    });
    client.onReset(function () { charts.recoveries++; });
    return client;
  }

  function setState(state, attempt, delay) {
    var el = $('conn');
    var label = { connecting: 'connecting…', connected: 'connected', reconnecting: 'reconnecting…', disconnected: 'disconnected' }[state];
    if (state === 'reconnecting' && attempt > 1) { label = 'reconnecting… (attempt ' + attempt + ')'; }
    el.textContent = label;
    el.title = delay != null ? 'next attempt in ' + (delay / 1000).toFixed(1) + ' s' : '';
    el.dataset.state = state;
    el.className = 'pill pill-' + { connecting: 'info', connected: 'ok', reconnecting: 'warn', disconnected: 'bad' }[state];
  }

  // ---------------------------------------------------------------- one room, recoverable

  /**
   * A room followed through a library subscription from offset 0: the view gets the room's history, then live
   * events, each once and in order, across reconnects. Each time the registration is live (the bridge's ack, or
   * after it settled) it also asks history for anything after its offset — a quiet room (a finished process) may
   * have had its last events published while the registration was being set up. When missed events cannot be
   * recovered (onReset) the view says so and is rebuilt from the room's history.
   */
  function RoomFeed(client, room, view) {
    this.client = client;
    this.room = room;
    this.view = view; // {event(envelope), reset(lost), error(err)}
    this.subscription = null;
  }

  RoomFeed.prototype.attach = function () {
    var self = this;
    if (this.subscription) { return; }
    this.subscription = this.client.subscribe(this.room, function (e) { charts.received++; self.view.event(e); }, {
      onReset: function () { setTimeout(function () { self.reload(); }, 0); },
      onError: function (err) { self.view.error(err); },
      onLive: function () { self.catchUp(); },
    });
  };

  RoomFeed.prototype.detach = function () {
    if (this.subscription) { this.subscription.unsubscribe(); }
    this.subscription = null;
  };

  /** Asks history for what follows the last event shown. */
  RoomFeed.prototype.catchUp = function () {
    var self = this;
    var subscription = this.subscription;
    if (!subscription) { return; }
    subscription.catchUp().catch(function (err) {
      if (subscription === self.subscription && self.client.isOpen()) { self.view.error(err); } // a lost socket: it resumes
    });
  };

  RoomFeed.prototype.reload = function () {
    this.detach();
    this.view.reset(true);
    notice('Room ' + this.room + ': ' + LOST + '.');
    this.attach();
  };

  // ---------------------------------------------------------------- the cluster card (GET /api/status)

  function refreshStatus() {
    return fetch('/api/status', { headers: { Authorization: 'Bearer ' + app.token }, cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) { signOut('The node refused this token (401): sign in again.'); return null; }
        if (!response.ok) { throw new Error('GET /api/status answered ' + response.status); }
        return response.json();
      })
      .then(function (status) {
        if (!status) { return; }
        app.status = status;
        app.statusAt = Date.now();
        renderStatus(status);
        charts.sample(status);
      })
      .catch(function (e) {
        $('status-age').textContent = 'status unavailable: ' + e.message;
        $('status-age').className = 'error small';
      });
  }

  function renderStatus(status) {
    $('hdr-node').textContent = status.node.name;
    document.title = 'Switchboard · ' + status.node.name;
    $('stat-sockets').textContent = status.sockets;
    $('stat-rooms').textContent = status.rooms;
    $('stat-members').textContent = status.members.length;
    var tbody = $('members');
    clear(tbody);
    status.members.forEach(function (m) {
      tbody.append(h('tr', { dataset: { name: m.name } },
        h('td', null, h('strong', null, m.name), m.name === status.node.name ? h('span', { class: 'muted small' }, ' (this node)') : null),
        h('td', null, (m.roles || []).map(function (r) { return h('span', { class: 'chip', 'data-role': r }, r); }))));
    });
    renderRooms(status.roomSockets);
    $('node-ports').textContent = 'This node: ' + status.node.name + ' · roles ' + status.node.roles.join(', ')
      + ' · http ' + status.node.httpPort + ' · management ' + status.node.managementPort
      + '. Sockets and rooms count this node only.';
    tickAge();
  }

  /** Per-room socket counts, when the node's /api/status has them ({room, sockets} list); a click watches the room. */
  function renderRooms(rooms) {
    $('rooms-table').hidden = !Array.isArray(rooms);
    if (!Array.isArray(rooms)) { return; }
    var tbody = $('rooms');
    clear(tbody);
    rooms.forEach(function (r) {
      tbody.append(h('tr', { dataset: { room: r.room } },
        h('td', null, h('a', { href: '#room-card', class: 'mono', onclick: function () { $('room-input').value = r.room; watched.watch(); } }, r.room)),
        h('td', { class: 'mono' }, r.sockets)));
    });
  }

  function tickAge() {
    if (!app.statusAt) { return; }
    var el = $('status-age');
    el.className = 'muted small';
    el.textContent = 'updated ' + Math.max(0, Math.round((Date.now() - app.statusAt) / 1000)) + ' s ago';
  }

  // ---------------------------------------------------------------- live charts (charts.js)

  /**
   * Sampled with every /api/status (3 s): this node's sockets; events per second in and out — the node's own counters
   * when /api/status carries them ({events: {in, out}}), else the events this page received and published; the
   * recovery notices this page's rooms got; processes by state on each node (the process list).
   */
  var charts = {
    recoveries: 0,
    received: 0,
    published: 0,
    previous: null,
    perNode: {},

    build: function () {
      var box = $('charts');
      this.events = new SwitchboardCharts.Chart(box, 'events', 'events/s', ['in', 'out']);
      this.sockets = new SwitchboardCharts.Chart(box, 'sockets', 'sockets on this node', ['sockets']);
      this.notices = new SwitchboardCharts.Chart(box, 'recoveries', 'recovery notices (this page)', ['notices']);
    },

    sample: function (status) {
      if (!this.events) { return; }
      var own = status.events && typeof status.events.in === 'number';
      var now = { at: Date.now(), in: own ? status.events.in : this.received, out: own ? status.events.out : this.published };
      var before = this.previous;
      this.previous = now;
      this.events.setTitle(own ? 'events/s on this node' : 'events/s seen by this page');
      this.events.add({
        in: SwitchboardCharts.rate(before && { at: before.at, value: before.in }, { at: now.at, value: now.in }) || 0,
        out: SwitchboardCharts.rate(before && { at: before.at, value: before.out }, { at: now.at, value: now.out }) || 0,
      });
      this.sockets.add({ sockets: status.sockets });
      this.notices.add({ notices: this.recoveries });
      var byNode = {};
      (status.members || []).forEach(function (m) { byNode[m.name] = { running: 0, ended: 0, failing: 0 }; });
      processes.records.forEach(function (p) {
        var counts = byNode[p.node] || (byNode[p.node] = { running: 0, ended: 0, failing: 0 });
        var group = RUNNING[p.state] && p.state !== 'crashloop' ? 'running'
          : { failed: 1, crashloop: 1, lost: 1, timed_out: 1 }[p.state] ? 'failing' : 'ended';
        counts[group]++;
      });
      var self = this;
      Object.keys(byNode).sort().forEach(function (node) {
        if (!self.perNode[node]) {
          self.perNode[node] = new SwitchboardCharts.Chart($('charts'), 'processes:' + node, 'processes on ' + node, ['running', 'ended', 'failing']);
        }
        self.perNode[node].add(byNode[node]);
      });
    },
  };

  // ---------------------------------------------------------------- processes

  var processes = {
    PAGE: 200,
    records: new Map(),
    total: 0,
    selected: null,
    output: null,

    refresh: function () {
      return app.client.request('sb.processes.list', { limit: processes.PAGE }).then(function (reply) {
        // the list is the cluster's table as it is now (ended records expire there): replace, do not merge; its first
        // page (running first, then ended newest first) and the total it was cut from
        processes.records = new Map((reply.processes || []).map(function (p) { return [p.id, p]; }));
        processes.total = typeof reply.total === 'number' ? reply.total : processes.records.size;
        processes.render();
      }, function (err) { if (app.client.isOpen()) { $('start-error').textContent = 'process list: ' + describe(err); } });
    },

    render: function () {
      var tbody = $('processes');
      clear(tbody);
      var list = Array.from(this.records.values()).sort(function (a, b) {
        return String(b.startedAt || '').localeCompare(String(a.startedAt || ''));
      });
      if (!list.length) { tbody.append(h('tr', { class: 'empty' }, h('td', { colspan: 8 }, 'No processes yet.'))); }
      // the card and this table come from one list reply, so the two always agree: the card says its total, the table
      // shows its first page and says when there are more
      var total = Math.max(this.total, list.length);
      $('stat-processes').textContent = total;
      if (total > list.length) {
        tbody.append(h('tr', { class: 'more' }, h('td', { colspan: 8, class: 'muted small' },
          'showing ' + list.length + ' of ' + total + ' (running first, then the newest ended)')));
      }
      list.forEach(function (p) {
        var args = (p.args || []).map(function (a) { return /[\s'"]/.test(a) ? JSON.stringify(a) : a; }).join(' ');
        tbody.append(h('tr', { dataset: { id: p.id, state: p.state }, class: p.id === processes.selected ? 'selected' : null },
          h('td', { class: 'mono small', title: p.id }, p.id.length > 12 ? p.id.slice(0, 8) + '…' : p.id),
          h('td', { class: 'args', title: p.command + ' ' + args }, h('strong', null, p.command), ' ', h('span', { class: 'mono small' }, args)),
          h('td', null, p.node),
          h('td', null, pill(p.state, stateKind(p.state)),
            p.nextRestartAt ? h('span', { class: 'muted small', 'data-next-restart': p.nextRestartAt }, ' next restart ' + time(p.nextRestartAt)) : null),
          h('td', { class: 'mono', 'data-restarts': p.restarts == null ? null : p.restarts }, p.restarts ? p.restarts : ''),
          h('td', { class: 'small' }, time(p.startedAt)),
          h('td', { class: 'mono' }, p.exitCode == null ? '' : p.exitCode),
          h('td', null,
            h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-action': 'output', onclick: function () { processes.select(p.id); } }, 'Output'),
            ' ',
            RUNNING[p.state] ? h('button', { type: 'button', class: 'btn btn-danger btn-small', 'data-action': 'stop', onclick: function (e) { processes.stop(p.id, e.target); } }, 'Stop') : null)));
      });
      this.renderOutputState();
    },

    start: function (event) {
      event.preventDefault();
      var command = $('start-command').value.trim();
      var lines = $('start-args').value.split('\n');
      while (lines.length && lines[lines.length - 1] === '') { lines.pop(); }
      $('start-error').textContent = '';
      $('start-btn').disabled = true;
      app.client.request('sb.processes.start', { command: command, args: lines }).then(function (record) {
        processes.records.set(record.id, record);
        processes.select(record.id);
      }, function (err) {
        $('start-error').textContent = 'could not start ' + command + ': ' + describe(err);
      }).then(function () { $('start-btn').disabled = false; });
    },

    stop: function (id, button) {
      button.disabled = true;
      button.textContent = 'Stopping…';
      app.client.request('sb.processes.stop', { id: id }).then(function (record) {
        processes.records.set(record.id, record);
        processes.render();
      }, function (err) {
        $('start-error').textContent = 'could not stop ' + id + ': ' + describe(err);
        processes.render();
      });
    },

    /** Follows room process:<id> from its first line (the feed replays what was already printed). */
    select: function (id) {
      if (this.output) { this.output.detach(); }
      this.selected = id;
      var terminal = $('output');
      clear(terminal);
      $('output-title').textContent = id;
      this.output = new RoomFeed(app.client, 'process:' + id, {
        event: function (e) {
          if (terminal.querySelector('.placeholder')) { clear(terminal); }
          var atBottom = terminal.scrollTop + terminal.clientHeight >= terminal.scrollHeight - 4;
          if (e.type === 'process.output') {
            var stderr = e.data.stream === 'stderr';
            terminal.append(h('span', { class: 'line' + (stderr ? ' stderr' : ''), dataset: { stream: e.data.stream, n: e.data.n } },
              h('span', { class: 'n' }, e.data.n), stderr ? h('span', { class: 'tag' }, 'stderr') : null, e.data.line, '\n'));
          } else if (e.type === 'process.output_truncated') {
            terminal.append(h('span', { class: 'line muted' }, '… ' + e.data.dropped + ' lines dropped (the process wrote faster than they could be sent)\n'));
          }
          trim(terminal, MAX_LINES, false);
          if (atBottom) { terminal.scrollTop = terminal.scrollHeight; }
        },
        reset: function (lost) {
          clear(terminal);
          if (lost) { terminal.append(h('span', { class: 'line muted' }, LOST + '\n')); }
        },
        error: function (err) { terminal.append(h('span', { class: 'line stderr' }, 'error: ' + describe(err) + '\n')); },
      });
      terminal.append(h('span', { class: 'placeholder muted' }, 'Waiting for output…'));
      this.output.attach();
      this.render();
    },

    renderOutputState: function () {
      var el = $('output-state');
      clear(el);
      var p = this.selected && this.records.get(this.selected);
      if (p) {
        append(el, [h('span', { class: 'muted small' }, p.command + ' on ' + p.node + ' '), pill(p.state, stateKind(p.state)),
          p.exitCode == null ? null : h('span', { class: 'muted small' }, ' exit ' + p.exitCode),
          p.restarts ? h('span', { class: 'muted small' }, ' · restarts ' + p.restarts) : null]);
      }
    },

    /** A room `processes` event: update the record at once, confirm with the list soon after. */
    lifecycle: function (e) {
      var d = e.data || {};
      var id = d.processId || d.id;
      var list = $('lifecycle');
      list.prepend(h('li', null, h('span', { class: 'meta' }, time(e.ts), pill(e.type.replace('process.', ''), stateKind(e.type.replace('process.', ''))),
        h('span', { class: 'mono' }, id),
        d.exitCode != null ? 'exit ' + d.exitCode : null, d.durationMs != null ? d.durationMs + ' ms' : null,
        d.restarts != null ? 'restarts ' + d.restarts : null, d.nextRestartAt ? 'next ' + time(d.nextRestartAt) : null, d.reason || null)));
      trim(list, MAX_ITEMS, true);
      var record = this.records.get(id);
      if (e.type === 'process.started' && d.id) { record = Object.assign({}, record, d); }
      else if (record) {
        // process.restarting keeps the record's state (the list brings it); process.crashloop is the state crashloop
        var state = e.type === 'process.restarting' ? record.state : e.type.replace('process.', '');
        record = Object.assign({}, record, { state: state });
        if (d.exitCode != null) { record.exitCode = d.exitCode; }
        if (d.restarts != null) { record.restarts = d.restarts; }
        if (d.nextRestartAt) { record.nextRestartAt = d.nextRestartAt; }
      }
      if (record) { this.records.set(id, record); this.render(); }
      if (id === this.selected && this.output && e.type !== 'process.started') { this.output.catchUp(); } // its last lines
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(function () { processes.refresh(); }, 300);
    },
  };

  // ---------------------------------------------------------------- errors (room errors)

  function errorView() {
    var list = $('errors');
    return {
      event: function (e) {
        if (e.type !== 'error.detected') { return; }
        var d = e.data || {};
        if (list.querySelector('.empty')) { clear(list); }
        var where = d.file ? d.file + (d.line != null ? ':' + d.line : '') + (d.column != null ? ':' + d.column : '') : null;
        list.prepend(h('li', { dataset: { category: d.category, language: d.language, processId: d.processId } },
          h('div', { class: 'meta' }, pill(d.category, d.category === 'server' ? 'warn' : 'bad'), h('span', { class: 'chip' }, d.language),
            h('span', null, time(e.ts)),
            h('a', { href: '#output-card', class: 'mono', onclick: function () { processes.select(d.processId); } }, 'process ' + d.processId)),
          h('div', { class: 'msg' }, d.message),
          where ? h('div', { class: 'where' }, where) : null,
          d.excerpt && d.excerpt.length ? h('details', null, h('summary', { class: 'muted small' }, 'excerpt (' + d.excerpt.length + ' lines)'),
            h('pre', { class: 'data' }, d.excerpt.join('\n'))) : null));
        trim(list, MAX_ITEMS, true);
      },
      reset: function (lost) {
        clear(list);
        list.append(h('li', { class: lost ? 'notice-item' : 'empty' }, lost ? LOST : 'No errors detected.'));
      },
      error: function (err) { list.prepend(h('li', { class: 'error' }, describe(err))); },
    };
  }

  // ---------------------------------------------------------------- a chosen room

  var watched = {
    feed: null,

    watch: function (event) {
      if (event) { event.preventDefault(); }
      var room = $('room-input').value.trim();
      $('room-error').textContent = '';
      if (!ROOM_NAME.test(room)) {
        $('room-error').textContent = 'not a room name: global, processes, errors or user:/project:/agent:/process:<id>';
        return;
      }
      sessionStorage.setItem(ROOM_KEY, room);
      if (this.feed) { this.feed.detach(); }
      var list = $('room-events');
      clear(list);
      list.append(h('li', { class: 'empty' }, 'No events in ' + room + ' yet.'));
      $('publish-form').hidden = false;
      this.feed = new RoomFeed(app.client, room, {
        event: function (e) {
          if (list.querySelector('.empty')) { clear(list); }
          var data = JSON.stringify(e.data);
          list.prepend(h('li', { dataset: { offset: e.offset } },
            h('div', { class: 'meta' }, e.offset != null ? h('strong', { class: 'mono' }, '#' + e.offset) : null,
              h('span', { class: 'chip' }, e.type), h('span', null, time(e.ts)), e.source ? h('span', null, 'via ' + e.source) : null),
            h('pre', { class: 'data' }, data && data.length > 2000 ? data.slice(0, 2000) + '…' : data)));
          trim(list, MAX_ITEMS, true);
        },
        reset: function (lost) {
          clear(list);
          if (lost) { list.append(h('li', { class: 'notice-item' }, LOST)); }
        },
        error: function (err) { list.prepend(h('li', { class: 'error' }, describe(err))); },
      });
      this.feed.attach();
      setTimeout(function () { watched.presence(); }, SETTLE_MS);
    },

    presence: function () {
      if (!this.feed || !app.client.isOpen()) { return; }
      var room = this.feed.room;
      app.client.request('sb.presence.get', { room: room }).then(function (reply) {
        if (!watched.feed || watched.feed.room !== room) { return; }
        var members = reply.members || [];
        var sockets = members.reduce(function (n, m) { return n + (m.connections || 0); }, 0);
        $('room-presence').textContent = room + ': ' + members.length + ' user' + (members.length === 1 ? '' : 's') + ', '
          + sockets + ' socket' + (sockets === 1 ? '' : 's') + ' in the cluster';
      }, function (err) { $('room-presence').textContent = 'presence: ' + describe(err); });
    },

    publish: function (event) {
      event.preventDefault();
      if (!this.feed) { return; }
      var data;
      try { data = $('publish-data').value.trim() ? JSON.parse($('publish-data').value) : {}; } catch (e) {
        $('room-error').textContent = 'data is not JSON: ' + e.message;
        return;
      }
      $('room-error').textContent = '';
      app.client.publish(this.feed.room, { type: $('publish-type').value.trim() || 'note', data: data })
        .then(function () { charts.published++; }, function (err) { $('room-error').textContent = 'publish: ' + describe(err); });
    },
  };

  // ---------------------------------------------------------------- boot

  var app = { token: null, client: null, status: null, statusAt: 0, feeds: {}, processes: processes, watched: watched };
  app.charts = charts;
  window.switchboardDashboard = app; // for the curious and for the browser tests

  function boot() {
    var token = readToken();
    var signinError = sessionStorage.getItem(SIGNIN_ERROR_KEY);
    sessionStorage.removeItem(SIGNIN_ERROR_KEY);
    var claims = token && claimsOf(token);
    if (token && !claims) { signinError = 'That is not a JWT.'; }
    if (claims && claims.exp && claims.exp * 1000 < Date.now()) { signinError = 'That token has expired.'; claims = null; }
    if (!claims) {
      sessionStorage.removeItem(TOKEN_KEY);
      $('signin').hidden = false;
      $('signin-error').textContent = signinError || '';
      $('signin-form').addEventListener('submit', function (e) {
        e.preventDefault();
        var pasted = $('token-input').value.trim().replace(/^.*[?&]token=/, '');
        if (!claimsOf(pasted)) { $('signin-error').textContent = 'That is not a JWT.'; return; }
        sessionStorage.setItem(TOKEN_KEY, pasted);
        window.location.reload();
      });
      return;
    }
    app.token = token;
    $('app').hidden = false;
    $('signout').hidden = false;
    $('signout').addEventListener('click', function () { signOut(null); });
    $('hdr-user').textContent = claims.sub ? 'signed in as ' + claims.sub : '';
    if (claims.exp) { $('hdr-user').title = 'token expires ' + new Date(claims.exp * 1000).toLocaleString(); }

    app.client = connectClient(token);
    app.feeds.errors = new RoomFeed(app.client, 'errors', errorView());
    app.feeds.processes = new RoomFeed(app.client, 'processes', {
      event: function (e) { processes.lifecycle(e); },
      reset: function (lost) {
        clear($('lifecycle'));
        if (lost) { $('lifecycle').append(h('li', { class: 'notice-item' }, LOST)); }
        processes.refresh();
      },
      error: function (err) { $('lifecycle').prepend(h('li', { class: 'error' }, describe(err))); },
    });
    app.feeds.errors.attach();
    app.feeds.processes.attach();
    app.client.on('open', function () {
      if (watched.feed) { setTimeout(function () { watched.presence(); }, SETTLE_MS); }
      processes.refresh();
      refreshStatus();
    });
    $('start-form').addEventListener('submit', processes.start);
    $('room-form').addEventListener('submit', function (e) { watched.watch(e); });
    $('publish-form').addEventListener('submit', function (e) { watched.publish(e); });
    var room = sessionStorage.getItem(ROOM_KEY);
    if (room) { $('room-input').value = room; watched.watch(); }
    charts.build();
    refreshStatus();
    setInterval(refreshStatus, STATUS_EVERY_MS);
    setInterval(function () { if (app.client.isOpen()) { processes.refresh(); } }, PROCESSES_EVERY_MS);
    setInterval(function () { watched.presence(); }, PRESENCE_EVERY_MS);
    setInterval(tickAge, 1000);
  }

  redeemSignIn().then(boot);
})();
