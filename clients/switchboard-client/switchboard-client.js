/*
 * @switchboard/client — a Switchboard client that recovers by itself.
 *
 * Built on the official @vertx/eventbus-bridge-client.js (its only runtime dependency). One file, no build step:
 * require() or import it in Node 20, or load it in a browser with a plain <script> after sockjs and
 * vertx-eventbus.js (it then defines the global `Switchboard`). The API and its semantics: README.md here and
 * docs/client.md.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    var api = factory(function () { return require('@vertx/eventbus-bridge-client.js'); });
    module.exports = api;
    // spelled out so that Node's `import {connect} from '@switchboard/client'` finds named exports
    module.exports.connect = api.connect;
    module.exports.closePolicy = api.closePolicy;
    module.exports.backoffDelay = api.backoffDelay;
    module.exports.CLOSE_CODES = api.CLOSE_CODES;
    module.exports.SwitchboardError = api.SwitchboardError;
  } else {
    root.Switchboard = factory(function () { return root.EventBus; });
  }
}(typeof globalThis !== 'undefined' ? globalThis : this, function (defaultEventBus) {
  'use strict';

  var SESSION = 'sb.session';
  var REFRESH = 'sb.auth.refresh';
  var PRESENCE = 'sb.presence.get';
  var ROOM_PREFIX = 'room.';

  /**
   * What the client does after the bridge (or the network) closes its socket, by close code. `retry`: reconnect
   * with backoff, to the next URL; `move`: at once (jitter only, ≤ drainJitterMs) to ANOTHER URL; `refresh`: call
   * getToken({reason: 'expired'}) first, then reconnect; `stop`: do not reconnect (state `closed`, `final: true`).
   * `minAttempt` starts the backoff further up its curve. Codes not listed are retried.
   */
  var CLOSE_CODES = {
    1000: { action: 'retry', why: 'normal closure by the server' },
    1001: { action: 'move', why: 'server shutting down (draining): another node at once' },
    1002: { action: 'retry', why: 'cannot connect to the server' },
    1006: { action: 'retry', why: 'connection lost (node died, network)' },
    1007: { action: 'stop', why: 'invalid UTF-8 sent: a client bug' },
    2000: { action: 'retry', why: 'every SockJS transport failed' },
    4000: { action: 'retry', why: 'idle timeout' },
    4400: { action: 'stop', why: 'too many invalid frames: a client bug, retrying would repeat it' },
    4401: { action: 'refresh', why: 'unauthenticated or token expired: a new token first' },
    4408: { action: 'retry', why: 'slow consumer: the client could not keep up; it resumes from its offsets' },
    4429: { action: 'retry', minAttempt: 4, why: 'too many sockets or inbound rate limit: back off longer' },
    4503: { action: 'retry', minAttempt: 1, why: 'node busy setting up connections: back off, another node' },
  };
  /** Consecutive 4401 closes (no open socket in between, each after a fresh getToken) before the client gives up. */
  var MAX_AUTH_FAILURES = 3;

  var DEFAULTS = {
    backoffBaseMs: 500,       // the first reconnect waits up to this (full jitter: 0 … cap)
    backoffMaxMs: 15000,      // the cap of the exponential curve
    drainJitterMs: 1000,      // a 1001 (draining node) moves on within this
    requestTimeoutMs: 10000,  // request() default, while connected; also how long it waits for a socket
    publishTimeoutMs: 5000,   // one publish attempt
    publishDeadlineMs: 60000, // a publish keeps retrying (same id) this long
    settleMs: 1000,           // a registration with no {ack} answer is taken as live after this
    refreshMarginMs: 60000,   // refresh the token this long before its exp (at most a fifth of its life)
    pingIntervalMs: 5000,
  };

  /** A failure from the bridge or the client: `failureCode` (HTTP status or 0), `failureType`, `message`. */
  function SwitchboardError(failureCode, failureType, message) {
    var error = new Error(message);
    Object.setPrototypeOf(error, SwitchboardError.prototype);
    error.name = 'SwitchboardError';
    error.failureCode = failureCode;
    error.failureType = failureType;
    return error;
  }
  SwitchboardError.prototype = Object.create(Error.prototype);
  SwitchboardError.prototype.constructor = SwitchboardError;

  function fromFrame(err) {
    var message = err.message;
    try { var parsed = JSON.parse(message); if (parsed && parsed.message) { message = parsed.message; } } catch (e) { /* text */ }
    return SwitchboardError(err.failureCode || 0, err.failureType || 'ERROR', message || String(err.failureType));
  }

  function closePolicy(code) {
    return CLOSE_CODES[code] || { action: 'retry', why: 'close code ' + code };
  }

  /** Exponential backoff with full jitter: a uniform delay in [0, min(maxMs, baseMs · 2^attempt)). */
  function backoffDelay(attempt, options, random) {
    var o = options || DEFAULTS;
    var cap = Math.min(o.backoffMaxMs || DEFAULTS.backoffMaxMs, (o.backoffBaseMs || DEFAULTS.backoffBaseMs) * Math.pow(2, attempt));
    return Math.floor((random || Math.random)() * cap);
  }

  function newId() {
    if (typeof crypto !== 'undefined' && crypto.randomUUID) { return crypto.randomUUID(); }
    var hex = '';
    for (var i = 0; i < 24; i++) { hex += Math.floor(Math.random() * 16).toString(16); }
    return Date.now().toString(36) + '-' + hex;
  }

  /** The `exp` (JWT seconds) of a token, or null; the signature is the server's business. */
  function expOf(token) {
    try {
      var part = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      part += '===='.slice(0, (4 - part.length % 4) % 4);
      var text = typeof atob === 'function' ? atob(part) : Buffer.from(part, 'base64').toString('binary');
      var exp = JSON.parse(text).exp;
      return typeof exp === 'number' ? exp : null;
    } catch (e) {
      return null;
    }
  }

  function withToken(url, token) {
    return url + (url.indexOf('?') < 0 ? '?' : '&') + 'token=' + encodeURIComponent(token);
  }

  // ---------------------------------------------------------------- the client

  function Client(urls, options) {
    this.urls = (Array.isArray(urls) ? urls : [urls]).slice();
    if (!this.urls.length) { throw new TypeError('connect: at least one URL'); }
    if (!options || typeof options.getToken !== 'function') { throw new TypeError('connect: options.getToken is required'); }
    this.options = Object.assign({}, DEFAULTS, options);
    this.random = this.options.random || Math.random;
    this.EventBus = this.options.EventBus || null;
    this.index = this.options.startIndex || 0;
    this.state = 'idle';
    this.attempt = 0;
    this.authFailures = 0;
    this.opens = 0;
    this.eb = null;
    this.url = null;
    this.token = null;
    this.exp = null;
    this.session = null;
    this.stopped = false;
    this.tokenReason = 'connect';
    this.listeners = {};
    this.subscriptions = new Map(); // address → Subscription
    this.inFlight = new Set();      // fail functions of requests awaiting a reply on the current socket
    this.openWaiters = new Set();
    this.timers = { reconnect: null, refresh: null, admitted: null };
  }

  /**
   * Listens to `state`, `connecting`, `open`, `reconnecting`, `closed`, `session`, `reset`, `retry`, `refreshed`,
   * `error`, and `message (room, event)` for events of rooms this client has no subscription to.
   */
  Client.prototype.on = function (event, listener) {
    var list = this.listeners[event] || (this.listeners[event] = []);
    list.push(listener);
    return function () { var i = list.indexOf(listener); if (i >= 0) { list.splice(i, 1); } };
  };

  /** `listener(room, info)` when a room's missed events cannot be recovered: reload that room's state. */
  Client.prototype.onReset = function (listener) { return this.on('reset', listener); };

  Client.prototype.emit = function (event) {
    var args = Array.prototype.slice.call(arguments, 1);
    (this.listeners[event] || []).slice().forEach(function (listener) {
      try { listener.apply(null, args); } catch (e) { if (event !== 'error') { this.emit('error', e); } }
    }, this);
  };

  Client.prototype.setState = function (state, info) {
    this.state = state;
    var detail = Object.assign({ state: state }, info || {});
    this.emit(state, detail);
    this.emit('state', detail);
  };

  Client.prototype.isOpen = function () {
    return this.state === 'open' && this.eb && this.eb.state === 1;
  };

  Client.prototype.connectNow = function () {
    var self = this;
    if (this.stopped) { return; }
    this.timers.reconnect = null;
    var url = this.urls[this.index % this.urls.length];
    var reason = this.tokenReason;
    this.tokenReason = 'connect';
    this.setState('connecting', { url: url, attempt: this.attempt });
    Promise.resolve().then(function () { return self.options.getToken({ reason: reason }); }).then(function (token) {
      if (self.stopped) { return; }
      if (typeof token !== 'string' || !token) { throw new Error('getToken gave no token'); }
      self.token = token;
      self.exp = expOf(token);
      self.open(url, token);
    }).catch(function (e) {
      if (self.stopped) { return; }
      self.emit('error', e);
      self.scheduleReconnect({ action: 'retry' }, 0, 'getToken failed: ' + e.message, reason);
    });
  };

  Client.prototype.open = function (url, token) {
    var self = this;
    var EventBus = this.EventBus || defaultEventBus();
    if (typeof EventBus !== 'function') {
      throw new Error('EventBus not found: load vertx-eventbus.js before switchboard-client.js, or pass options.EventBus');
    }
    var eb = new EventBus(withToken(url, token), { vertxbus_ping_interval: this.options.pingIntervalMs });
    eb.enableReconnect(false);
    this.eb = eb;
    this.url = url;
    eb.onopen = function () {
      if (eb !== self.eb) { return; }
      self.opens++;
      self.attempt = 0;
      // a SockJS session opens before its token is checked: a socket counts as admitted by the welcome, or once it
      // has stayed open for settleMs (a refused one is closed at once with 4401)
      clearTimeout(self.timers.admitted);
      self.timers.admitted = setTimeout(function () { if (eb === self.eb) { self.authFailures = 0; } }, self.options.settleMs);
      self.setState('open', { url: url, opens: self.opens });
      self.scheduleRefresh();
      self.subscriptions.forEach(function (s) { s.register(eb); });
      self.openWaiters.forEach(function (w) { w(); });
    };
    eb.onclose = function (e) {
      if (eb !== self.eb) { return; }
      self.onClose(e && e.code, e && e.reason);
    };
    eb.onerror = function (err) { self.emit('error', fromFrame(err)); };
    eb.onunhandled = function (frame) { self.onFrame(frame); };
  };

  /** Frames no handler took: `sb.session` (the welcome, registration acks) and err frames without an address. */
  Client.prototype.onFrame = function (frame) {
    if (!frame) { return; }
    if (frame.type === 'rec' && frame.address === SESSION) {
      var body = frame.body || {};
      if (typeof body.registered === 'string') {
        var subscription = this.subscriptions.get(body.registered);
        if (subscription) { subscription.markLive(this.eb, 'ack'); }
        return;
      }
      this.session = body;
      this.authFailures = 0;
      if (typeof body.exp === 'number') { this.exp = body.exp; this.scheduleRefresh(); }
      this.emit('session', body);
      return;
    }
    if (frame.type === 'err') { this.emit('error', fromFrame(frame)); return; }
    // a room this client did not subscribe to, e.g. one the bridge registered by itself (bridge.autoSubscribe)
    if (frame.type === 'rec' && typeof frame.address === 'string' && frame.address.indexOf(ROOM_PREFIX) === 0) {
      this.emit('message', frame.address.slice(ROOM_PREFIX.length), frame.body);
    }
  };

  Client.prototype.onClose = function (code, reason) {
    this.inFlight.forEach(function (fail) { fail(SwitchboardError(0, 'CONNECTION_LOST', 'connection lost (' + code + ' ' + reason + ')')); });
    this.inFlight.clear();
    clearTimeout(this.timers.refresh);
    clearTimeout(this.timers.admitted);
    this.subscriptions.forEach(function (s) { s.live = false; });
    if (this.stopped) { return; }
    var policy = closePolicy(code);
    if (policy.action === 'refresh' && ++this.authFailures > MAX_AUTH_FAILURES) {
      policy = { action: 'stop', why: 'the bridge refused ' + MAX_AUTH_FAILURES + ' fresh tokens in a row' };
    }
    if (policy.action === 'stop') {
      this.stopped = true;
      this.failWaiters(SwitchboardError(code || 0, 'CLOSED', 'closed: ' + code + ' ' + reason + ' (' + policy.why + ')'));
      this.setState('closed', { code: code, reason: reason, final: true, why: policy.why });
      return;
    }
    this.scheduleReconnect(policy, code, reason, policy.action === 'refresh' ? 'expired' : 'connect');
  };

  Client.prototype.scheduleReconnect = function (policy, code, reason, tokenReason) {
    if (this.urls.length > 1) { this.index = (this.index + 1) % this.urls.length; } // move on: another node
    var delay;
    if (policy.action === 'move') {
      delay = Math.floor(this.random() * this.options.drainJitterMs);
    } else {
      delay = backoffDelay(Math.max(this.attempt, policy.minAttempt || 0), this.options, this.random);
      this.attempt++;
    }
    this.tokenReason = tokenReason || 'connect';
    this.setState('reconnecting', { attempt: this.attempt, delay: delay, code: code, reason: reason,
      url: this.urls[this.index], action: policy.action });
    var self = this;
    this.timers.reconnect = setTimeout(function () { self.connectNow(); }, delay);
  };

  Client.prototype.failWaiters = function (error) {
    this.openWaiters.forEach(function (w) { w(error); });
    this.openWaiters.clear();
  };

  /** Resolves once a socket is open (at once when it is), rejects after `timeoutMs` or when the client stops. */
  Client.prototype.whenOpen = function (timeoutMs) {
    var self = this;
    if (this.isOpen()) { return Promise.resolve(this.eb); }
    if (this.stopped) { return Promise.reject(SwitchboardError(0, 'CLOSED', 'the client is closed')); }
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () {
        self.openWaiters.delete(waiter);
        reject(SwitchboardError(0, 'TIMEOUT', 'no connection within ' + timeoutMs + ' ms'));
      }, timeoutMs);
      function waiter(error) {
        clearTimeout(timer);
        self.openWaiters.delete(waiter);
        if (error) { reject(error); } else { resolve(self.eb); }
      }
      self.openWaiters.add(waiter);
    });
  };

  /** A request through the bridge: the reply body; rejects with a SwitchboardError (err frame, TIMEOUT, CONNECTION_LOST). */
  Client.prototype.request = function (address, body, options) {
    var self = this;
    var timeoutMs = (options && options.timeoutMs) || this.options.requestTimeoutMs;
    var headers = (options && options.headers) || {};
    var began = Date.now();
    return this.whenOpen(timeoutMs).then(function (eb) {
      return new Promise(function (resolve, reject) {
        var done = false;
        function fail(e) { if (!done) { done = true; clearTimeout(timer); self.inFlight.delete(fail); reject(e); } }
        var timer = setTimeout(function () {
          fail(SwitchboardError(0, 'TIMEOUT', address + ': no reply within ' + timeoutMs + ' ms'));
        }, Math.max(1, timeoutMs - (Date.now() - began)));
        self.inFlight.add(fail);
        try {
          eb.send(address, body, headers, function (err, reply) {
            if (done) { return; }
            if (err) { fail(fromFrame(err)); return; }
            done = true;
            clearTimeout(timer);
            self.inFlight.delete(fail);
            resolve(reply.body);
          });
        } catch (e) {
          fail(SwitchboardError(0, 'CONNECTION_LOST', 'socket not open: ' + e.message));
        }
      });
    });
  };

  /**
   * Publishes `{type, data, id?, correlationId?}` into `room`: the ack `{id, room, offset, epoch, duplicate?}`. The id
   * is made once; a timeout, a lost socket, 429 or 503 is retried with the same id (the bridge's idempotent
   * publish: no duplicate) until `publishDeadlineMs`; 400, 403 and 413 are not.
   */
  Client.prototype.publish = function (room, event, options) {
    var self = this;
    var o = Object.assign({}, this.options, options || {});
    var body = { type: event.type, data: event.data === undefined ? {} : event.data, id: event.id || newId() };
    if (event.correlationId) { body.correlationId = event.correlationId; }
    var deadline = Date.now() + o.publishDeadlineMs;
    var attempt = 0;
    function tryOnce() {
      attempt++;
      return self.request(ROOM_PREFIX + room, body, { timeoutMs: o.publishTimeoutMs }).catch(function (e) {
        var retryable = e.failureType === 'TIMEOUT' || e.failureType === 'CONNECTION_LOST' || e.failureCode === 503
          || e.failureCode === 429;
        if (!retryable || self.stopped || Date.now() >= deadline) { throw e; }
        var delay = Math.min(backoffDelay(attempt - 1, o, self.random), Math.max(0, deadline - Date.now()));
        self.emit('retry', { room: room, id: body.id, attempt: attempt, delay: delay, error: e });
        return new Promise(function (r) { setTimeout(r, delay); }).then(tryOnce);
      });
    }
    return tryOnce();
  };

  /** The users present in `room` (`sb.presence.get`): `{room, members: [{user, connections}]}`. */
  Client.prototype.presence = function (room, options) {
    return this.request(PRESENCE, { room: room }, options);
  };

  /** A room handle: subscribe, publish, presence. */
  Client.prototype.room = function (name) {
    var self = this;
    return {
      name: name,
      subscribe: function (handler, options) { return self.subscribe(name, handler, options); },
      publish: function (event, options) { return self.publish(name, event, options); },
      presence: function (options) { return self.presence(name, options); },
      members: function (options) {
        return self.presence(name, options).then(function (reply) { return reply.members || []; });
      },
    };
  };

  Client.prototype.subscribe = function (room, handler, options) {
    var address = ROOM_PREFIX + room;
    if (this.subscriptions.has(address)) {
      throw new Error('already subscribed to ' + room + ' on this client: unsubscribe first');
    }
    var subscription = new Subscription(this, room, handler, options || {});
    this.subscriptions.set(address, subscription);
    if (this.isOpen()) { subscription.register(this.eb); }
    return subscription;
  };

  /** Before the token's exp: getToken({reason: 'refresh'}) and `sb.auth.refresh {token}` on the open socket. */
  Client.prototype.scheduleRefresh = function () {
    var self = this;
    clearTimeout(this.timers.refresh);
    if (!this.exp || !this.isOpen()) { return; }
    var left = this.exp * 1000 - Date.now();
    var margin = Math.min(this.options.refreshMarginMs, left / 5);
    this.timers.refresh = setTimeout(function () { self.refreshToken().catch(function () { /* emitted as error */ }); },
      Math.max(1000, left - margin));
  };

  /** Refreshes in band now: resolves with the new `exp`. A refusal leaves the socket as it was (it retries once, later). */
  Client.prototype.refreshToken = function () {
    var self = this;
    var eb = this.eb;
    return Promise.resolve(this.options.getToken({ reason: 'refresh' })).then(function (token) {
      if (token === self.token) { return self.exp; } // nothing newer: the socket closes at exp (4401), then `expired`
      return self.request(REFRESH, { token: token }).then(function (reply) {
        if (eb !== self.eb) { return null; }
        self.token = token;
        self.exp = typeof reply.exp === 'number' ? reply.exp : expOf(token);
        self.emit('refreshed', { exp: self.exp });
        self.scheduleRefresh();
        return self.exp;
      });
    }).catch(function (e) {
      self.emit('error', e);
      var left = self.exp ? self.exp * 1000 - Date.now() : 0;
      if (eb === self.eb && left > 4000) {
        clearTimeout(self.timers.refresh);
        self.timers.refresh = setTimeout(function () { self.refreshToken().catch(function () { /* emitted */ }); },
          Math.min(left / 2, 30000));
      }
      throw e;
    });
  };

  /** Closes for good: no reconnect; state `closed` with code 1000. */
  Client.prototype.close = function () {
    if (this.stopped && this.state === 'closed') { return; }
    this.stopped = true;
    clearTimeout(this.timers.reconnect);
    clearTimeout(this.timers.refresh);
    clearTimeout(this.timers.admitted);
    this.failWaiters(SwitchboardError(0, 'CLOSED', 'the client was closed'));
    this.subscriptions.forEach(function (s) { s.clearSettle(); });
    var eb = this.eb;
    this.eb = null;
    if (eb) { try { eb.close(); } catch (e) { /* already closed */ } }
    this.inFlight.forEach(function (fail) { fail(SwitchboardError(0, 'CLOSED', 'the client was closed')); });
    this.inFlight.clear();
    this.setState('closed', { code: 1000, reason: 'closed by the application', final: true });
  };

  // ---------------------------------------------------------------- a subscription

  /**
   * One room followed across sockets: registers with {since, epoch} (and {ack: true}) on every open socket, hands
   * the handler each event once, in offset order (an offset at or below the last one is dropped), and calls onReset
   * when the gap cannot be filled (`sb.recovery` with `recovered: false`, or an event of another epoch or past a gap).
   */
  function Subscription(client, room, handler, options) {
    var self = this;
    this.client = client;
    this.room = room;
    this.address = ROOM_PREFIX + room;
    this.handler = handler;
    this.types = options.types || null;
    this.offset = options.from === 'live' ? null : (typeof options.since === 'number' ? options.since : 0);
    this.epoch = options.epoch || null;
    this.onReset = options.onReset || null;
    this.onError = options.onError || null;
    this.onLive = options.onLive || null;
    this.live = false;
    this.active = true;
    this.duplicates = 0;
    this.settleTimer = null;
    this.listener = function (err, message) { self.onMessage(err, message); };
    this.readyWaiters = [];
  }

  Subscription.prototype.register = function (eb) {
    var self = this;
    if (!this.active) { return; }
    this.live = false;
    var headers = { ack: true };
    if (this.types) { headers.types = this.types; }
    if (this.offset !== null) { headers.since = this.offset; }
    if (this.epoch) { headers.epoch = this.epoch; }
    eb.registerHandler(this.address, headers, this.listener);
    this.clearSettle();
    this.settleTimer = setTimeout(function () { self.markLive(eb, 'settled'); }, this.client.options.settleMs);
  };

  Subscription.prototype.clearSettle = function () { clearTimeout(this.settleTimer); this.settleTimer = null; };

  /** Live on `eb`: by its ack, its first event, or settleMs without a refusal. */
  Subscription.prototype.markLive = function (eb, how) {
    if (eb !== this.client.eb || this.live || !this.active) { return; }
    this.clearSettle();
    this.live = true;
    this.liveBy = how;
    var waiters = this.readyWaiters;
    this.readyWaiters = [];
    waiters.forEach(function (w) { w(); });
    if (this.onLive) { try { this.onLive(how); } catch (e) { this.client.emit('error', e); } }
  };

  /** Resolves when the registration is live on the current socket. */
  Subscription.prototype.ready = function () {
    var self = this;
    if (this.live) { return Promise.resolve(this); }
    return new Promise(function (resolve) { self.readyWaiters.push(function () { resolve(self); }); });
  };

  Subscription.prototype.onMessage = function (err, message) {
    if (!this.active) { return; }
    if (err) {
      this.clearSettle();
      var error = fromFrame(err);
      error.room = this.room;
      if (this.onError) { this.onError(error); }
      this.client.emit('error', error);
      return;
    }
    this.markLive(this.client.eb, 'event');
    this.accept(message.body || {});
  };

  /** One event (live or replayed) through the order rules: each offset once, a reset before a gap it cannot fill. */
  Subscription.prototype.accept = function (event) {
    if (event.type === 'sb.recovery') {
      var data = event.data || {};
      if (data.recovered === false) { this.reset({ reason: 'recovery', offset: data.offset, epoch: data.epoch }); }
      return;
    }
    if (typeof event.offset !== 'number') { this.deliver(event); return; }
    if (this.epoch && event.epoch && event.epoch !== this.epoch) {
      this.reset({ reason: 'epoch', offset: event.offset - 1, epoch: event.epoch });
    } else if (this.offset !== null && event.offset <= this.offset) {
      this.duplicates++;
      return;
    } else if (this.offset && !this.types && event.offset > this.offset + 1) { // with types, gaps are the filter's
      this.reset({ reason: 'gap', offset: event.offset - 1, epoch: event.epoch || this.epoch });
    }
    this.offset = event.offset;
    if (event.epoch) { this.epoch = event.epoch; }
    this.deliver(event);
  };

  /**
   * Asks history (`sb.history.replay`, which needs its own inbound rule) for what follows the last offset and hands
   * it over through the same rules: for a quiet room whose last events were published while this registration was
   * being set up. Resolves with the number of events it delivered.
   */
  Subscription.prototype.catchUp = function () {
    var self = this;
    var delivered = 0;
    function page() {
      if (!self.active) { return Promise.resolve(delivered); }
      var request = { room: self.room, since: self.offset || 0, limit: 500 };
      if (self.epoch) { request.epoch = self.epoch; }
      var resumed = !!(self.offset || self.epoch);
      return self.client.request('sb.history.replay', request).then(function (reply) {
        if (!self.active) { return delivered; }
        if (resumed && reply.recovered === false) {
          self.reset({ reason: 'recovery', offset: reply.offset, epoch: reply.epoch });
          return delivered;
        }
        var events = reply.events || [];
        events.forEach(function (e) {
          if (self.types && e.type !== 'sb.recovery' && self.types.indexOf(e.type) < 0) { return; }
          var before = self.offset;
          self.accept(e);
          if (self.offset !== before) { delivered++; }
        });
        return reply.more && events.length ? page() : delivered;
      });
    }
    return page();
  };

  Subscription.prototype.deliver = function (event) {
    try { this.handler(event); } catch (e) { this.client.emit('error', e); }
  };

  Subscription.prototype.reset = function (what) {
    var info = { recovered: false, reason: what.reason, offset: what.offset, epoch: what.epoch,
      before: this.offset, beforeEpoch: this.epoch };
    this.offset = typeof what.offset === 'number' ? what.offset : this.offset;
    this.epoch = what.epoch || this.epoch;
    if (this.onReset) { try { this.onReset(info); } catch (e) { this.client.emit('error', e); } }
    this.client.emit('reset', this.room, info);
  };

  /** Stops following the room on this client. */
  Subscription.prototype.unsubscribe = function () {
    if (!this.active) { return; }
    this.active = false;
    this.clearSettle();
    this.client.subscriptions.delete(this.address);
    var eb = this.client.eb;
    if (this.client.isOpen() && eb.handlers[this.address]) {
      try { eb.unregisterHandler(this.address, {}, this.listener); } catch (e) { /* socket going */ }
    }
  };

  /**
   * Connects to the first of `urls` (a string or an array of bridge URLs like `http://host:8080/eventbus`); on a
   * loss moves to the next. `options.getToken({reason})` returns a token or a promise of one: reason `connect`,
   * `expired` (after a 4401) or `refresh` (before exp, sent in band).
   */
  function connect(urls, options) {
    var client = new Client(urls, options);
    setTimeout(function () { client.connectNow(); }, 0); // listeners added right after connect() see `connecting`
    return client;
  }

  return {
    connect: connect,
    closePolicy: closePolicy,
    backoffDelay: backoffDelay,
    CLOSE_CODES: CLOSE_CODES,
    SwitchboardError: SwitchboardError,
    version: '0.1.0',
  };
}));
