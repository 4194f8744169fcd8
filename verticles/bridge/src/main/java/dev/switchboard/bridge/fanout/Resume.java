package dev.switchboard.bridge.fanout;

/**
 * Where a socket left off in a room: register headers {@code {since, epoch}}. {@code epoch} null: not checked.
 */
public record Resume(long since, String epoch) {
}
