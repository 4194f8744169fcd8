package dev.switchboard.history;

import java.security.SecureRandom;

/** Epoch names: 10 of {@code [0-9a-z]} (about 51 bits), safe in JSON text without escaping. */
final class Epochs {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  private Epochs() {
  }

  static String fresh() {
    char[] text = new char[10];
    for (int i = 0; i < text.length; i++) {
      text[i] = DIGITS[RANDOM.nextInt(DIGITS.length)];
    }
    return new String(text);
  }
}
