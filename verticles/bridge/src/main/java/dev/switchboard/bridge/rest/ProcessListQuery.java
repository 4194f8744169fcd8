package dev.switchboard.bridge.rest;

import dev.switchboard.bridge.access.Authentication;
import dev.switchboard.bridge.protocol.Refusal;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/processes?state=&node=&command=&since=&limit=&cursor=} as the {@code sb.processes.list} request it
 * stands for: {@code state} may be repeated or comma-separated (a list), {@code since} and {@code limit} are whole
 * numbers, every other field is given at most once. The service validates the values; other parameters are ignored.
 */
final class ProcessListQuery {

  static final int MAX_STATES = 16;
  private static final List<String> SINGLE = List.of("node", "command", "cursor");

  private ProcessListQuery() {
  }

  static JsonObject toRequest(MultiMap params, NumberParser numbers) {
    JsonObject request = new JsonObject();
    List<String> states = new ArrayList<>();
    for (String value : params.getAll("state")) {
      for (String state : value.split(",", -1)) {
        states.add(state);
      }
    }
    if (states.size() > MAX_STATES) {
      throw refused("state is given more than " + MAX_STATES + " times");
    }
    if (states.size() == 1) {
      request.put("state", states.get(0));
    } else if (!states.isEmpty()) {
      request.put("state", new JsonArray(new ArrayList<Object>(states)));
    }
    for (String name : SINGLE) {
      String value = once(params, name);
      if (value != null) {
        request.put(name, value);
      }
    }
    for (String name : List.of("since", "limit")) {
      String value = once(params, name);
      if (value != null) {
        request.put(name, numbers.parse(name, value));
      }
    }
    return request;
  }

  /** Reads a whole-number parameter or refuses it. */
  interface NumberParser {
    Number parse(String name, String text);
  }

  private static String once(MultiMap params, String name) {
    List<String> values = params.getAll(name);
    if (values.size() > 1) {
      throw refused(name + " is given " + values.size() + " times; give it once");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static Authentication.RefusedException refused(String sentence) {
    return new Authentication.RefusedException(Refusal.invalid(sentence));
  }
}
