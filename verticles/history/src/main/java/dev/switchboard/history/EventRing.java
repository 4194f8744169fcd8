package dev.switchboard.history;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The retained events of one room log, oldest first, packed for the garbage collector: each event's id and envelope
 * are UTF-8 bytes in one byte array per room, and its slot (where it starts, its length, when it was appended) sits in
 * primitive arrays. Appending copies bytes into arrays that already exist, so a stored event leaves no object behind
 * for a young collection to copy or an old one to trace — a memory store holding a million events costs the
 * collector a few arrays per room instead of millions of strings, records and map nodes.
 *
 * <p>Record layout in {@link #data}: two bytes of id length, the id, the envelope text. The live records lie
 * contiguously between {@code begin} and {@code end}; space freed at the front is reclaimed by moving the live bytes
 * down once it is at least half the array, so each byte is moved a bounded number of times.
 */
final class EventRing {

  private static final int MIN_DATA = 256;
  private static final int MIN_SLOTS = 4;

  private byte[] data;
  private int begin;
  private int end;
  private int[] start;
  private int[] textLength;
  private long[] appended;
  private int head;
  private int count;

  int count() {
    return count;
  }

  /** Adds an event (its id as UTF-8) at the end; the caller has made room (at most {@code maxSlots} are kept). */
  void add(byte[] idBytes, String text, long appendedMillis, int maxSlots) {
    byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
    if (idBytes.length > 0xFFFF) {
      throw new IllegalArgumentException("an id of " + idBytes.length + " bytes");
    }
    int need = 2 + idBytes.length + textBytes.length;
    reserveBytes(need);
    reserveSlot(maxSlots);
    int at = end;
    data[at] = (byte) (idBytes.length >>> 8);
    data[at + 1] = (byte) idBytes.length;
    System.arraycopy(idBytes, 0, data, at + 2, idBytes.length);
    System.arraycopy(textBytes, 0, data, at + 2 + idBytes.length, textBytes.length);
    end += need;
    int slot = slot(count);
    start[slot] = at;
    textLength[slot] = textBytes.length;
    appended[slot] = appendedMillis;
    count++;
  }

  /** Drops the oldest event. */
  void removeOldest() {
    head = head + 1 == start.length ? 0 : head + 1;
    count--;
    if (count == 0) {
      data = null;
      start = null;
      textLength = null;
      appended = null;
      head = 0;
      begin = 0;
      end = 0;
    } else {
      begin = start[head];
    }
  }

  long appendedMillis(int index) {
    return appended[slot(index)];
  }

  String id(int index) {
    int at = start[slot(index)];
    return new String(data, at + 2, idLength(at), StandardCharsets.UTF_8);
  }

  /** The {@link IdIndex} hash of the id of the event at {@code index}, read from the stored bytes. */
  long idHash(int index) {
    int at = start[slot(index)];
    return IdIndex.hash(data, at + 2, idLength(at));
  }

  /** True when the event at {@code index} has exactly this id (no string made). */
  boolean hasId(int index, byte[] id) {
    int at = start[slot(index)];
    int length = idLength(at);
    return length == id.length && Arrays.equals(data, at + 2, at + 2 + length, id, 0, length);
  }

  String text(int index) {
    int slot = slot(index);
    int at = start[slot];
    return new String(data, at + 2 + idLength(at), textLength[slot], StandardCharsets.UTF_8);
  }

  private int idLength(int at) {
    return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
  }

  private int slot(int index) {
    int slot = head + index;
    return slot < start.length ? slot : slot - start.length;
  }

  private void reserveBytes(int need) {
    if (data == null) {
      data = new byte[Math.max(MIN_DATA, need * 2)];
      begin = 0;
      end = 0;
      return;
    }
    if (end + need <= data.length) {
      return;
    }
    int live = end - begin;
    byte[] target = live + need <= data.length / 2 ? data : new byte[Math.max(data.length * 2, live + need)];
    System.arraycopy(data, begin, target, 0, live);
    for (int i = 0; i < count; i++) {
      start[slot(i)] -= begin;
    }
    data = target;
    begin = 0;
    end = live;
  }

  private void reserveSlot(int maxSlots) {
    if (start == null) {
      int capacity = Math.max(1, Math.min(maxSlots, MIN_SLOTS));
      start = new int[capacity];
      textLength = new int[capacity];
      appended = new long[capacity];
      head = 0;
      return;
    }
    if (count < start.length) {
      return;
    }
    int capacity = Math.max(count + 1, Math.min(Math.max(maxSlots, count + 1), start.length * 2));
    int[] newStart = new int[capacity];
    int[] newLength = new int[capacity];
    long[] newAppended = new long[capacity];
    for (int i = 0; i < count; i++) {
      int slot = slot(i);
      newStart[i] = start[slot];
      newLength[i] = textLength[slot];
      newAppended[i] = appended[slot];
    }
    start = newStart;
    textLength = newLength;
    appended = newAppended;
    head = 0;
  }
}
