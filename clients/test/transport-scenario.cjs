// The fallback-transport scenario (CommonJS in Node, a plain script in the browser), run with the official
// @vertx/eventbus-bridge-client.js forced onto one SockJS transport (options.transports, passed through to SockJS;
// none: SockJS picks): register on a room, publish into it and receive that event, send to an application address
// and get its reply. Resolves with what each step saw and the transport SockJS used; the Java tests assert on it.
(function (root) {
  function runTransportScenario(EventBus, options) {
    return new Promise(function (resolve, reject) {
      var results = { transport: null };
      var finished = false;
      var sockJsOptions = options.transports ? { transports: options.transports } : {};
      var eb = new EventBus(options.url + '?token=' + encodeURIComponent(options.token), sockJsOptions);
      var timer = setTimeout(function () {
        finish(new Error('scenario timed out; so far: ' + JSON.stringify(results)));
      }, options.timeoutMs || 20000);
      function finish(error) {
        if (finished) { return; }
        finished = true;
        clearTimeout(timer);
        eb.onclose = null;
        eb.close();
        if (error) { reject(error); } else { resolve(results); }
      }
      function step(name, value) {
        results[name] = value;
        if (results.received && results.reply) { finish(); }
      }
      eb.enableReconnect(false);
      eb.onerror = function (err) { results.unexpectedError = err; };
      eb.onclose = function (e) {
        finish(new Error('closed before the scenario completed (' + (e && e.code) + ' ' + (e && e.reason)
          + '); so far: ' + JSON.stringify(results)));
      };
      eb.onopen = function () {
        results.transport = eb.sockJSConn.transport;
        eb.registerHandler('room.' + options.room, {}, function (err, message) {
          step('received', err ? { error: err } : message.body);
        });
        // frames after a register wait until the node is listed for the room, so this event comes back to us
        eb.publish('room.' + options.room, { type: 'said', data: { via: options.label } });
        eb.send(options.echoAddress, { hello: options.label }, function (err, reply) {
          step('reply', err ? { error: err } : reply.body);
        });
      };
    });
  }
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = runTransportScenario;
  } else {
    root.runTransportScenario = runTransportScenario;
  }
})(this);
