package dev.switchboard.shared.permissions;

/** One permission rule ({@code permissions.inbound[i]}, {@code permissions.outbound[i]}): an address pattern and, optionally, the authority the token must hold. */
public record PermissionRule(String address, String authority) {
}
