package dev.switchboard.shared.events;

import java.util.concurrent.ThreadLocalRandom;

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, version 7, 74 random bits, in the canonical
 * 8-4-4-4-12 text. Time-ordered across milliseconds; not a secret (the random bits come from
 * {@link ThreadLocalRandom}, which is cheap enough for the publish path).
 */
public final class Uuid7 {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Uuid7() {
  }

  public static String next() {
    return of(System.currentTimeMillis(), ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong());
  }

  /** The UUIDv7 of a timestamp and 128 random bits (of which 74 are used). */
  static String of(long millis, long randomA, long randomB) {
    long msb = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (randomA & 0x0FFFL);
    long lsb = (randomB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    char[] text = new char[36];
    int at = hex(text, 0, msb >>> 32, 8);
    text[at++] = '-';
    at = hex(text, at, msb >>> 16, 4);
    text[at++] = '-';
    at = hex(text, at, msb, 4);
    text[at++] = '-';
    at = hex(text, at, lsb >>> 48, 4);
    text[at++] = '-';
    hex(text, at, lsb, 12);
    return new String(text);
  }

  private static int hex(char[] text, int at, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      text[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
    return at + digits;
  }
}
