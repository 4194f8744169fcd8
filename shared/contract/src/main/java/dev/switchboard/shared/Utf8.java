package dev.switchboard.shared;

/** UTF-8 sizes of text, worked out without encoding it. */
public final class Utf8 {

  private Utf8() {
  }

  /** The number of bytes {@code text} takes as UTF-8 (an unpaired surrogate counts as the 3 of its replacement). */
  public static int length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
