// One client scenario (CommonJS in Node, a plain script in the browser), run with the official @vertx/eventbus-bridge-client.js in Node (official-client.cjs)
// and in a browser (browser.mjs): register and receive, a refused register, a reply, a refused send.
// Resolves with what each step saw; the Java tests assert on it.
(function (root) {
  function runScenario(EventBus, options) {
    return new Promise(function (resolve, reject) {
      var results = {};
      var eb = new EventBus(options.url + '?token=' + encodeURIComponent(options.token));
      var timer = setTimeout(function () {
        reject(new Error('scenario timed out; so far: ' + JSON.stringify(results)));
      }, options.timeoutMs || 15000);
      function step(name, value) {
        results[name] = value;
        if (results.received && results.deniedRegister && results.reply && results.deniedSend) {
          clearTimeout(timer);
          eb.close();
          resolve(results);
        }
      }
      eb.enableReconnect(false);
      eb.onerror = function (err) { results.unexpectedError = err; };
      eb.onopen = function () {
        eb.registerHandler('room.' + options.room, {}, function (err, message) {
          step('received', err ? { error: err } : message.body);
        });
        eb.send(options.emitAddress, { room: options.room }, function (err) {
          if (err) { results.emitError = err; }
        });
        eb.registerHandler('room.' + options.deniedRoom, {}, function (err, message) {
          step('deniedRegister', err || { unexpected: message });
        });
        eb.send('app.test.echo', { hello: 'switchboard' }, function (err, reply) {
          step('reply', err ? { error: err } : reply.body);
        });
        eb.send('sb.secret', {}, function (err, reply) {
          step('deniedSend', err || { unexpected: reply });
        });
      };
    });
  }
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = runScenario;
  } else {
    root.runScenario = runScenario;
  }
})(this);
