package dev.switchboard.shared.config;

import dev.switchboard.shared.permissions.PermissionRule;
import dev.switchboard.shared.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PermissionsConfigTest {

  private static JsonObject withPermissions(JsonArray inbound, JsonArray outbound) {
    return ConfigSchema.merge(ConfigSchema.defaults(),
        new JsonObject().put("permissions", new JsonObject().put("inbound", inbound).put("outbound", outbound)));
  }

  @Test
  @DisplayName("valid rules are read as they are written")
  void valid() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(withPermissions(
        new JsonArray().add(new JsonObject().put("address", "room.project:{projects[]}").put("authority", "publish")),
        new JsonArray().add(new JsonObject().put("address", "room.user:{sub}"))));
    assertThat(config.permissions().inbound())
        .containsExactly(new PermissionRule("room.project:{projects[]}", "publish"));
    assertThat(config.permissions().outbound()).containsExactly(new PermissionRule("room.user:{sub}", null));
  }

  @Test
  @DisplayName("a pattern the matcher refuses stops the node, naming the key and the value")
  void refused() {
    JsonObject merged = withPermissions(new JsonArray(),
        new JsonArray().add(new JsonObject().put("address", "room.global")).add(new JsonObject().put("address", "*")));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(merged))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid config: permissions.outbound[1].address = \"*\" (expected ");
  }
}
