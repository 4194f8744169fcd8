// Scenarios of the Switchboard client library (clients/switchboard-client), shared by Node (client-lib.cjs) and
// headless Chromium (client-browser.mjs): CommonJS in Node, a plain script defining `ClientScenarios` in a page.
// Each takes (Switchboard, options, report) and resolves with what it saw; the Java tests (ClientLibraryIT,
// ClientFailoverIT) assert on it. `report(object)` prints a progress line the Java test can wait for.
(function (root) {
  'use strict';

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  /** Polls `condition` every 20 ms until it holds; rejects naming `what` after `timeoutMs`. */
  function until(what, condition, timeoutMs) {
    var deadline = Date.now() + (timeoutMs || 20000);
    return new Promise(function (resolve, reject) {
      (function poll() {
        var value;
        try { value = condition(); } catch (e) { reject(e); return; }
        if (value) { resolve(value); return; }
        if (Date.now() > deadline) { reject(new Error('timed out waiting for ' + what)); return; }
        setTimeout(poll, 20);
      })();
    });
  }

  function tokenOf(options) { return function () { return options.token; }; }

  /** The states a client went through, as [state, code?, url?]. */
  function recordStates(client) {
    var states = [];
    client.on('state', function (s) { states.push({ state: s.state, code: s.code, url: s.url, attempt: s.attempt, delay: s.delay, final: s.final }); });
    return states;
  }

  /** Subscribe, publish three events, receive them once in order; a request; presence; the welcome if any. */
  function basics(Switchboard, options) {
    var client = Switchboard.connect(options.urls, { getToken: tokenOf(options) });
    var states = recordStates(client);
    var received = [];
    var room = client.room(options.room);
    var subscription = room.subscribe(function (e) { received.push({ offset: e.offset, type: e.type, n: e.data.n }); });
    var results = { states: states };
    return subscription.ready().then(function () {
      return Promise.all([1, 2, 3].map(function (n) { return room.publish({ type: 'counter', data: { n: n } }); }));
    }).then(function (acks) {
      results.acks = acks;
      return until('three events', function () { return received.length >= 3; });
    }).then(function () {
      results.received = received;
      return client.request(options.echo, { hello: 'library' }, { timeoutMs: 5000 });
    }).then(function (reply) {
      results.reply = reply;
      return room.presence();
    }).then(function (presence) {
      results.presence = presence;
      return client.request('room.' + options.deniedRoom, { type: 'x', data: {} }).then(function () { return null; },
        function (e) { return { failureCode: e.failureCode, failureType: e.failureType, message: e.message }; });
    }).then(function (denied) {
      results.denied = denied;
      results.session = client.session;
      results.liveBy = subscription.liveBy;
      client.close();
      return results;
    });
  }

  /** A first token that has expired: the bridge closes 4401, the client calls getToken({reason: 'expired'}) and gets in. */
  function expiredToken(Switchboard, options) {
    var reasons = [];
    var client = Switchboard.connect(options.urls, {
      getToken: function (ask) { reasons.push(ask.reason); return reasons.length === 1 ? options.expiredToken : options.token; },
    });
    var states = recordStates(client);
    return until('open with the second token', function () { return reasons.length === 2 && client.state === 'open'; })
      .then(function () { return client.request(options.echo, { after: 'expired' }, { timeoutMs: 5000 }); })
      .then(function (reply) {
        client.close();
        return { reasons: reasons, states: states, reply: reply };
      });
  }

  /** Ten invalid frames: the bridge closes 4400, and the client stops (no reconnect). */
  function badFrames(Switchboard, options) {
    var tokens = 0;
    var client = Switchboard.connect(options.urls, { getToken: function () { tokens++; return options.token; } });
    var states = recordStates(client);
    return until('open', function () { return client.state === 'open'; }).then(function () {
      for (var i = 0; i < 10; i++) { client.eb.sockJSConn.send('not a frame ' + i); }
      return until('closed', function () { return client.state === 'closed'; });
    }).then(function () {
      return sleep(1500); // anything it would do next (a reconnect waits at most 500 ms first)
    }).then(function () {
      return { states: states, tokens: tokens, state: client.state };
    });
  }

  /** A subscription resuming from an epoch the room no longer has: onReset, then the events after it. */
  function reset(Switchboard, options) {
    var client = Switchboard.connect(options.urls, { getToken: tokenOf(options) });
    var room = client.room(options.room);
    var resets = [];
    var globalResets = [];
    client.onReset(function (name, info) { globalResets.push({ room: name, info: info }); });
    var received = [];
    return Promise.all([1, 2, 3].map(function (n) { return room.publish({ type: 'counter', data: { n: n } }); })).then(function () {
      var subscription = room.subscribe(function (e) { received.push(e.offset); },
        { since: 2, epoch: 'an-epoch-that-is-gone', onReset: function (info) { resets.push(info); } });
      return until('a reset', function () { return resets.length > 0; }).then(function () { return subscription.ready(); });
    }).then(function () {
      return room.publish({ type: 'counter', data: { n: 4 } });
    }).then(function (ack) {
      return until('the event after the reset', function () { return received.indexOf(ack.offset) >= 0; }).then(function () {
        client.close();
        return { resets: resets, globalResets: globalResets, received: received, ack: ack };
      });
    });
  }

  /** A subscription with {types}: only those types, their offsets with gaps between them, and no reset for the gaps. */
  function types(Switchboard, options) {
    var client = Switchboard.connect(options.urls, { getToken: tokenOf(options) });
    var room = client.room(options.room);
    var received = [];
    var resets = [];
    var subscription = room.subscribe(function (e) { received.push([e.offset, e.type]); },
      { types: ['keep'], onReset: function (info) { resets.push(info); } });
    var kinds = ['keep', 'skip', 'keep', 'skip', 'keep'];
    return subscription.ready().then(function () {
      return kinds.reduce(function (p, type) {
        return p.then(function () { return room.publish({ type: type, data: {} }); });
      }, Promise.resolve());
    }).then(function () {
      return until('the three kept', function () { return received.length >= 3; });
    }).then(function () {
      return subscription.catchUp(); // history holds the skipped ones too: they stay out
    }).then(function (delivered) {
      client.close();
      return { received: received, resets: resets, caughtUp: delivered };
    });
  }

  /**
   * A publish whose socket drops right after the frame left: retried with the same id after the reconnect, it makes
   * exactly one event (the first attempt's, answered `duplicate: true`, or the retry's).
   */
  function publishRetry(Switchboard, options) {
    var client = Switchboard.connect(options.urls, { getToken: tokenOf(options), publishTimeoutMs: 3000 });
    var watcher = Switchboard.connect(options.urls, { getToken: tokenOf(options) });
    var retries = [];
    client.on('retry', function (r) { retries.push({ id: r.id, attempt: r.attempt, failureType: r.error.failureType }); });
    var seen = [];
    var subscription = watcher.room(options.room).subscribe(function (e) { seen.push({ id: e.id, offset: e.offset }); });
    var id = 'retry-' + Date.now();
    var last;
    return Promise.all([subscription.ready(), until('open', function () { return client.state === 'open'; })]).then(function () {
      var eb = client.eb;
      var send = eb.send;
      eb.send = function () { // the frame goes out, then the connection is cut before any answer
        send.apply(eb, arguments);
        eb.send = send;
        eb.sockJSConn.close();
      };
      return client.publish(options.room, { id: id, type: 'once', data: {} });
    }).then(function (ack) {
      return client.publish(options.room, { type: 'after', data: {} }).then(function (after) {
        last = after;
        return until('the event after', function () { return seen.some(function (e) { return e.offset === last.offset; }); });
      }).then(function () {
        client.close();
        watcher.close();
        return { id: id, ack: ack, retries: retries, seen: seen, opens: client.opens };
      });
    });
  }

  /**
   * The failover scenario: a subscriber on urls[0] (then the others), a publisher on options.publishUrl at
   * options.perSecond. Reports {ready} once events flow; the Java test then kill -9s the subscriber's node. Once the
   * subscriber is open again elsewhere, publishing goes on for options.afterMs, stops, and the scenario waits for
   * every acknowledged offset.
   */
  function failover(Switchboard, options, report) {
    var subscriber = Switchboard.connect(options.urls, { getToken: tokenOf(options) });
    var publisher = Switchboard.connect([options.publishUrl], { getToken: tokenOf(options) });
    var states = recordStates(subscriber);
    var received = [];
    var resets = [];
    var acked = [];
    var failed = [];
    var publishing = [];
    var n = 0;
    var ticker = null;
    var subscription = subscriber.room(options.room).subscribe(function (e) {
      received.push([e.offset, e.data.n, e.id]);
    }, { onReset: function (info) { resets.push(info); } });
    function publishOne() {
      var k = ++n;
      var p = publisher.publish(options.room, { id: 'fo-' + k, type: 'tick', data: { n: k } }).then(function (ack) {
        acked.push([ack.offset, k, ack.id]);
      }, function (e) { failed.push({ n: k, error: e.message }); });
      publishing.push(p);
    }
    var opensBefore;
    return Promise.all([subscription.ready(), until('publisher open', function () { return publisher.state === 'open'; })]).then(function () {
      var interval = Math.round(1000 / options.perSecond);
      ticker = setInterval(publishOne, interval);
      return until('events flowing', function () { return received.length >= options.perSecond * 1.5; });
    }).then(function () {
      opensBefore = subscriber.opens;
      report({ ready: true, url: subscriber.url, received: received.length });
      return until('the subscriber open again on another node', function () {
        return subscriber.opens > opensBefore && subscriber.state === 'open';
      }, 60000);
    }).then(function () {
      report({ moved: subscriber.url, received: received.length });
      return sleep(options.afterMs);
    }).then(function () {
      clearInterval(ticker);
      return Promise.all(publishing);
    }).then(function () {
      var newest = acked.reduce(function (m, a) { return Math.max(m, a[0]); }, 0);
      return until('every acknowledged event received', function () {
        return received.length && received[received.length - 1][0] >= newest;
      }, 30000).then(function () { return sleep(300); }); // anything that would come twice comes now
    }).then(function () {
      subscriber.close();
      publisher.close();
      return { received: received, acked: acked, failed: failed, resets: resets, states: states,
        duplicatesDropped: subscription.duplicates, issued: n };
    });
  }

  /** With a token that expires in seconds: refreshed in band (sb.auth.refresh) before exp, the socket never closes. */
  function refresh(Switchboard, options) {
    var reasons = [];
    var client = Switchboard.connect(options.urls, {
      getToken: function (ask) { reasons.push(ask.reason); return reasons.length === 1 ? options.shortToken : options.token; },
    });
    var states = recordStates(client);
    var refreshed = [];
    client.on('refreshed', function (r) { refreshed.push(r); });
    var errors = [];
    client.on('error', function (e) { errors.push(e.message); });
    var received = [];
    var room = client.room(options.room);
    var subscription = room.subscribe(function (e) { received.push(e.offset); });
    return subscription.ready().then(function () {
      return until('refreshed', function () { return refreshed.length > 0; }, 20000).catch(function (e) {
        throw new Error(e.message + ' (the bridge said: ' + JSON.stringify(errors) + ')');
      });
    }).then(function () {
      return sleep(options.pastExpMs); // past the first token's exp
    }).then(function () {
      return room.publish({ type: 'after-refresh', data: {} });
    }).then(function (ack) {
      return until('the event after the refresh', function () { return received.indexOf(ack.offset) >= 0; }).then(function () {
        client.close();
        return { reasons: reasons, refreshed: refreshed, states: states, opens: client.opens, errors: errors, session: client.session };
      });
    });
  }

  var scenarios = { basics: basics, types: types, expiredToken: expiredToken, badFrames: badFrames, reset: reset,
    publishRetry: publishRetry, failover: failover, refresh: refresh };
  if (typeof module === 'object' && module.exports) { module.exports = scenarios; } else { root.ClientScenarios = scenarios; }
})(typeof globalThis !== 'undefined' ? globalThis : this);
