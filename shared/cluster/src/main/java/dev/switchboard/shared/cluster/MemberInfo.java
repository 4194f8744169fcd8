package dev.switchboard.shared.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** One node as the member directory holds it. {@code memberId} is its Hazelcast member (Vert.x node) id. */
public record MemberInfo(String name, String memberId, List<String> roles, int httpPort, int managementPort) {

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("memberId", memberId).put("roles", new JsonArray(roles))
        .put("httpPort", httpPort).put("managementPort", managementPort);
  }

  /** What a member list shows to users: name and roles. */
  public JsonObject toPublicJson() {
    return new JsonObject().put("name", name).put("roles", new JsonArray(roles));
  }

  public static MemberInfo fromJson(JsonObject json) {
    return new MemberInfo(json.getString("name"), json.getString("memberId"),
        json.getJsonArray("roles").stream().map(String::valueOf).toList(),
        json.getInteger("httpPort"), json.getInteger("managementPort"));
  }
}
