// Switchboard dashboard. Plain JS, no build step: the official vertx-eventbus.js client over SockJS for everything
// live, GET /api/status for the cluster card. Every room view is a RoomFeed that remembers the last offset and epoch
// it applied, so a reconnect (to this node or, behind a balancer, another one) resumes where it stopped.
(function () {
  'use strict';

  var TOKEN_KEY = 'switchboard.token';
  var ROOM_KEY = 'switchboard.room';
  var SIGNIN_ERROR_KEY = 'switchboard.signinError';
  var ROOM_NAME = /^(global|processes|errors|(user|project|agent|process):[A-Za-z0-9_.-]{1,128})$/;
  var STATUS_EVERY_MS = 3000;
  var PROCESSES_EVERY_MS = 5000;
  var PRESENCE_EVERY_MS = 5000;
  var REQUEST_TIMEOUT_MS = 15000;
  var SETTLE_MS = 1000;
  var MAX_ITEMS = 500;
  var MAX_LINES = 2000;
  var LOST = 'missed events could not be recovered — reloaded';
  var RUNNING = { starting: true, running: true };

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
    return { running: 'ok', starting: 'info', started: 'info', exited: 'idle', stopped: 'idle', timed_out: 'warn', failed: 'bad', lost: 'bad' }[state] || 'idle';
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
    if (app.conn) { app.conn.close(); }
    window.location.replace(window.location.pathname);
  }

  // ---------------------------------------------------------------- the connection

  /**
   * One EventBus (the official client) with its reconnect on: exponential backoff from 0.5 s to 10 s with jitter.
   * The client forgets its handlers on every new socket, so each (re)open tells the listeners to register again.
   */
  function Connection(token) {
    this.token = token;
    this.listeners = [];
    this.opens = 0;
    this.closing = false;
    this.inFlight = new Set();
  }

  Connection.prototype.open = function () {
    var self = this;
    var eb = new EventBus('/eventbus?token=' + encodeURIComponent(this.token), {
      vertxbus_reconnect_delay_min: 500, vertxbus_reconnect_delay_max: 10000,
      vertxbus_reconnect_exponent: 2, vertxbus_randomization_factor: 0.3,
    });
    this.eb = eb;
    eb.enableReconnect(true);
    setState('connecting');
    eb.onopen = function () {
      self.opens++;
      setState('connected');
      self.listeners.forEach(function (l) { l.onOpen && l.onOpen(self.opens > 1); });
    };
    eb.onclose = function () {
      self.inFlight.forEach(function (fail) { fail(new Error('connection lost')); });
      self.inFlight.clear();
      if (self.closing) { return; }
      setState(eb.reconnectEnabled ? 'reconnecting' : 'disconnected', eb.reconnectAttempts);
      self.listeners.forEach(function (l) { l.onClose && l.onClose(); });
    };
    var onErr = function (err) {
      if (err.failureType === 'UNAUTHENTICATED' || err.failureType === 'TOKEN_EXPIRED') {
        eb.enableReconnect(false);
        signOut(err.failureType === 'TOKEN_EXPIRED' ? 'Your token has expired: sign in again.' : 'The node refused this token: ' + describe(err));
      } else {
        notice('bridge: ' + describe(err));
      }
    };
    eb.onerror = onErr;
    eb.onunhandled = function (frame) { if (frame && frame.type === 'err') { onErr(frame); } };
  };

  Connection.prototype.isOpen = function () { return this.eb && this.eb.state === EventBus.OPEN; };

  Connection.prototype.close = function () {
    this.closing = true;
    if (this.eb) { try { this.eb.close(); } catch (e) { /* already closed */ } }
  };

  /** A bus request through the bridge: resolves with the reply body, rejects with the err frame. */
  Connection.prototype.request = function (address, body) {
    var self = this;
    return new Promise(function (resolve, reject) {
      if (!self.isOpen()) { reject(new Error('not connected')); return; }
      var fail = function (e) { clearTimeout(timer); self.inFlight.delete(fail); reject(e); };
      var timer = setTimeout(function () { fail(new Error(address + ': no reply within 15 s')); }, REQUEST_TIMEOUT_MS);
      self.inFlight.add(fail);
      self.eb.send(address, body, {}, function (err, reply) {
        clearTimeout(timer);
        self.inFlight.delete(fail);
        if (err) { reject(err); } else { resolve(reply.body); }
      });
    });
  };

  Connection.prototype.register = function (address, headers, handler) {
    if (this.isOpen()) { this.eb.registerHandler(address, headers, handler); }
  };

  Connection.prototype.unregister = function (address, handler) {
    if (this.isOpen() && this.eb.handlers[address]) { this.eb.unregisterHandler(address, {}, handler); }
  };

  function setState(state, attempt) {
    var el = $('conn');
    var label = { connecting: 'connecting…', connected: 'connected', reconnecting: 'reconnecting…', disconnected: 'disconnected' }[state];
    if (state === 'reconnecting' && attempt > 1) { label = 'reconnecting… (attempt ' + attempt + ')'; }
    el.textContent = label;
    el.dataset.state = state;
    el.className = 'pill pill-' + { connecting: 'info', connected: 'ok', reconnecting: 'warn', disconnected: 'bad' }[state];
  }

  // ---------------------------------------------------------------- one room, recoverable

  /**
   * A room followed over the bridge. Applies events in offset order, each once: a duplicate (offset already applied)
   * is dropped, an event past a gap waits until a replay fills the gap. On every (re)open it registers with the
   * headers {since: <last offset>, epoch: <last epoch>} (the bridge sends what was missed) and asks sb.history.replay
   * from the same point, so it recovers whichever of the two answers first. When the gap cannot be filled any more —
   * an sb.recovery frame with recovered: false, a replay answering recovered: false, or an event of another epoch —
   * it says so and reloads the view from the room's history.
   */
  function RoomFeed(conn, room, view) {
    this.conn = conn;
    this.room = room;
    this.address = 'room.' + room;
    this.view = view; // {event(envelope, replayed), reset(lost), error(err)}
    this.offset = 0;
    this.epoch = null;
    this.pending = new Map();
    this.generation = 0;
    this.catching = false;
    this.catchAgain = false;
    this.active = false;
    var self = this;
    this.handler = function (err, msg) { self.onMessage(err, msg); };
  }

  RoomFeed.prototype.attach = function () {
    this.active = true;
    this.generation++; // a replay in flight on a socket that died will never be answered
    this.catching = false;
    this.catchAgain = false;
    if (!this.conn.isOpen()) { return; }
    var headers = { since: this.offset };
    if (this.epoch) { headers.epoch = this.epoch; }
    this.conn.register(this.address, headers, this.handler);
    this.catchUp();
    // The bridge does not acknowledge a register: an event published while the node's subscription to the room
    // was still being set up is neither live nor in that first replay. One more replay once it has settled
    // closes that window (a room that goes quiet afterwards, like a finished process, would otherwise miss it).
    var self = this;
    var generation = this.generation;
    setTimeout(function () { if (self.active && generation === self.generation) { self.catchUp(); } }, SETTLE_MS);
  };

  RoomFeed.prototype.detach = function () {
    this.active = false;
    this.generation++;
    this.conn.unregister(this.address, this.handler);
  };

  RoomFeed.prototype.onMessage = function (err, msg) {
    if (err) { this.view.error(err); return; }
    var body = msg.body || {};
    if (body.type === 'sb.recovery') {
      if (body.data && body.data.recovered === false) { this.reload(true); }
      return;
    }
    this.accept(body, false);
  };

  RoomFeed.prototype.accept = function (event, replayed) {
    if (typeof event.offset !== 'number') { this.view.event(event, replayed); return; } // a room without history
    if (event.epoch && this.epoch && event.epoch !== this.epoch) { this.reload(true); return; }
    if (event.offset <= this.offset) { return; }
    if (!replayed && event.offset > this.offset + 1) { // a replay is contiguous, or starts at the oldest event kept
      this.pending.set(event.offset, event);
      this.catchUp();
      return;
    }
    this.apply(event, replayed);
    while (this.pending.has(this.offset + 1)) {
      var next = this.pending.get(this.offset + 1);
      this.pending.delete(this.offset + 1);
      this.apply(next, false);
    }
  };

  RoomFeed.prototype.apply = function (event, replayed) {
    this.offset = event.offset;
    if (event.epoch) { this.epoch = event.epoch; }
    this.view.event(event, replayed);
  };

  /** Replays from the last applied offset until the room has nothing more; then releases what waited. */
  RoomFeed.prototype.catchUp = function () {
    var self = this;
    if (this.catching) { this.catchAgain = true; return; }
    if (!this.conn.isOpen()) { return; }
    this.catching = true;
    var generation = this.generation;
    var step = function () {
      var request = { room: self.room, since: self.offset, limit: 500 };
      if (self.epoch) { request.epoch = self.epoch; }
      var resumed = self.offset > 0 || self.epoch != null;
      return self.conn.request('sb.history.replay', request).then(function (reply) {
        if (generation !== self.generation) { return; }
        if (resumed && reply.recovered === false) { self.reload(true); return; }
        if (!self.epoch && reply.epoch) { self.epoch = reply.epoch; }
        (reply.events || []).forEach(function (e) { self.accept(e, true); });
        if (generation === self.generation && reply.more && (reply.events || []).length) { return step(); }
      });
    };
    step().catch(function (err) {
      if (generation === self.generation && self.conn.isOpen()) { self.view.error(err); } // a lost socket: attach() retries
    }).then(function () {
      if (generation !== self.generation) { return; }
      self.catching = false;
      self.flushPending();
      if (self.catchAgain) { self.catchAgain = false; self.catchUp(); }
    });
  };

  /** After a replay, whatever still waits goes out in order (a gap history no longer has is accepted). */
  RoomFeed.prototype.flushPending = function () {
    var self = this;
    Array.from(this.pending.keys()).sort(function (a, b) { return a - b; }).forEach(function (offset) {
      var event = self.pending.get(offset);
      self.pending.delete(offset);
      if (offset > self.offset) { self.apply(event, false); }
    });
  };

  RoomFeed.prototype.reload = function (lost) {
    this.generation++;
    this.catching = false;
    this.catchAgain = false;
    this.pending.clear();
    this.offset = 0;
    this.epoch = null;
    this.view.reset(lost);
    if (lost) { notice('Room ' + this.room + ': ' + LOST + '.'); }
    if (this.active) { this.catchUp(); }
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
    $('stat-processes').textContent = status.processes;
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

  // ---------------------------------------------------------------- processes

  var processes = {
    records: new Map(),
    selected: null,
    output: null,

    refresh: function () {
      return app.conn.request('sb.processes.list', {}).then(function (reply) {
        (reply.processes || []).forEach(function (p) { processes.records.set(p.id, p); });
        processes.render();
      }, function (err) { if (app.conn.isOpen()) { $('start-error').textContent = 'process list: ' + describe(err); } });
    },

    render: function () {
      var tbody = $('processes');
      clear(tbody);
      var list = Array.from(this.records.values()).sort(function (a, b) {
        return String(b.startedAt || '').localeCompare(String(a.startedAt || ''));
      });
      if (!list.length) { tbody.append(h('tr', { class: 'empty' }, h('td', { colspan: 7 }, 'No processes yet.'))); }
      list.forEach(function (p) {
        var args = (p.args || []).map(function (a) { return /[\s'"]/.test(a) ? JSON.stringify(a) : a; }).join(' ');
        tbody.append(h('tr', { dataset: { id: p.id, state: p.state }, class: p.id === processes.selected ? 'selected' : null },
          h('td', { class: 'mono small', title: p.id }, p.id.length > 12 ? p.id.slice(0, 8) + '…' : p.id),
          h('td', { class: 'args', title: p.command + ' ' + args }, h('strong', null, p.command), ' ', h('span', { class: 'mono small' }, args)),
          h('td', null, p.node),
          h('td', null, pill(p.state, stateKind(p.state))),
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
      app.conn.request('sb.processes.start', { command: command, args: lines }).then(function (record) {
        processes.records.set(record.id, record);
        processes.select(record.id);
      }, function (err) {
        $('start-error').textContent = 'could not start ' + command + ': ' + describe(err);
      }).then(function () { $('start-btn').disabled = false; });
    },

    stop: function (id, button) {
      button.disabled = true;
      button.textContent = 'Stopping…';
      app.conn.request('sb.processes.stop', { id: id }).then(function (record) {
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
      this.output = new RoomFeed(app.conn, 'process:' + id, {
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
        el.append(h('span', { class: 'muted small' }, p.command + ' on ' + p.node + ' '), pill(p.state, stateKind(p.state)),
          p.exitCode == null ? null : h('span', { class: 'muted small' }, ' exit ' + p.exitCode));
      }
    },

    /** A room `processes` event: update the record at once, confirm with the list soon after. */
    lifecycle: function (e) {
      var d = e.data || {};
      var id = d.processId || d.id;
      var list = $('lifecycle');
      list.prepend(h('li', null, h('span', { class: 'meta' }, time(e.ts), pill(e.type.replace('process.', ''), stateKind(e.type.replace('process.', ''))),
        h('span', { class: 'mono' }, id),
        d.exitCode != null ? 'exit ' + d.exitCode : null, d.durationMs != null ? d.durationMs + ' ms' : null, d.reason || null)));
      trim(list, MAX_ITEMS, true);
      var record = this.records.get(id);
      if (e.type === 'process.started' && d.id) { record = Object.assign({}, record, d); }
      else if (record) {
        record = Object.assign({}, record, { state: e.type.replace('process.', '') });
        if (d.exitCode != null) { record.exitCode = d.exitCode; }
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
      this.feed = new RoomFeed(app.conn, room, {
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
      if (!this.feed || !app.conn.isOpen()) { return; }
      var room = this.feed.room;
      app.conn.request('sb.presence.get', { room: room }).then(function (reply) {
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
      app.conn.request('room.' + this.feed.room, { type: $('publish-type').value.trim() || 'note', data: data })
        .catch(function (err) { $('room-error').textContent = 'publish: ' + describe(err); });
    },
  };

  // ---------------------------------------------------------------- boot

  var app = { token: null, conn: null, status: null, statusAt: 0, feeds: {}, processes: processes, watched: watched };
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

    app.conn = new Connection(token);
    app.feeds.errors = new RoomFeed(app.conn, 'errors', errorView());
    app.feeds.processes = new RoomFeed(app.conn, 'processes', {
      event: function (e) { processes.lifecycle(e); },
      reset: function (lost) {
        clear($('lifecycle'));
        if (lost) { $('lifecycle').append(h('li', { class: 'notice-item' }, LOST)); }
        processes.refresh();
      },
      error: function (err) { $('lifecycle').prepend(h('li', { class: 'error' }, describe(err))); },
    });
    app.conn.listeners.push({
      onOpen: function () {
        app.feeds.errors.attach();
        app.feeds.processes.attach();
        if (processes.output) { processes.output.attach(); }
        if (watched.feed) { watched.feed.attach(); setTimeout(function () { watched.presence(); }, SETTLE_MS); }
        processes.refresh();
        refreshStatus();
      },
    });
    $('start-form').addEventListener('submit', processes.start);
    $('room-form').addEventListener('submit', function (e) { watched.watch(e); });
    $('publish-form').addEventListener('submit', function (e) { watched.publish(e); });
    var room = sessionStorage.getItem(ROOM_KEY);
    if (room) { $('room-input').value = room; }
    app.conn.open();
    app.conn.listeners.push({ onOpen: function (again) { if (!again && room && !watched.feed) { watched.watch(); } } });
    refreshStatus();
    setInterval(refreshStatus, STATUS_EVERY_MS);
    setInterval(function () { if (app.conn.isOpen()) { processes.refresh(); } }, PROCESSES_EVERY_MS);
    setInterval(function () { watched.presence(); }, PRESENCE_EVERY_MS);
    setInterval(tickAge, 1000);
  }

  redeemSignIn().then(boot);
})();
