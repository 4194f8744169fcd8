package dev.switchboard.bridge;

import dev.switchboard.shared.rooms.RoomNames;
import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The err frame docs/protocol.md documents for a {@code register} on an address, for a token that may register only on
 * {@code room.project:1}: 400 without an address for a frame that cannot be used at all (it counts towards the ten
 * bad frames that close a socket), 400 at the address for an address that is no room, 403 at the address for a
 * room the rules do not allow.
 */
record ExpectedErr(int code, String failureType, boolean addressed, boolean counted) {

  static ExpectedErr ofRegister(String address) {
    if (address.isEmpty() || address.length() > 512 || address.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return new ExpectedErr(400, "INVALID", false, true);
    }
    String room = RoomNames.fromAddress(address);
    if (room == null || !RoomNames.isValid(room)) {
      return new ExpectedErr(400, "INVALID", true, false);
    }
    if (room.equals("project:1")) {
      throw new IllegalArgumentException(address + " is allowed: no err to expect");
    }
    return new ExpectedErr(403, "ACCESS_DENIED", true, false);
  }

  void check(JsonObject frame, String address) {
    assertThat(frame.getString("type")).as("answer to %s", address).isEqualTo("err");
    assertThat(frame.getInteger("failureCode")).as("failureCode for %s", address).isEqualTo(code);
    assertThat(frame.getString("failureType")).as("failureType for %s", address).isEqualTo(failureType);
    assertThat(frame.getString("address")).as("err address for %s", address).isEqualTo(addressed ? address : null);
    assertThat(frame.getString("message")).isNotBlank();
  }
}
