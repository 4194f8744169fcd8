package dev.switchboard.history;

import java.util.function.LongPredicate;

/**
 * The ids of a room log's retained events, for idempotent appends: a 64-bit hash of each id and its offset in two
 * primitive arrays (open addressing, linear probing, backward-shift deletion), so that the index adds no object per
 * event. Two ids with the same hash are told apart by the caller, which compares the stored id.
 */
final class IdIndex {

  private static final int MIN_CAPACITY = 4;

  private long[] hashes;
  private long[] offsets;
  private int size;

  /** The hash of an id's UTF-8 bytes {@code [from, from + length)} as this index keys it (never 0: a free cell). */
  static long hash(byte[] bytes, int from, int length) {
    long h = 0xcbf29ce484222325L;
    for (int i = from; i < from + length; i++) {
      h ^= bytes[i] & 0xFF;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }

  /** The offset of the id with this hash for which {@code sameId} holds, or -1. */
  long find(long hash, LongPredicate sameId) {
    if (hashes == null) {
      return -1;
    }
    int mask = hashes.length - 1;
    for (int i = (int) hash & mask; hashes[i] != 0; i = (i + 1) & mask) {
      if (hashes[i] == hash && sameId.test(offsets[i])) {
        return offsets[i];
      }
    }
    return -1;
  }

  void put(long hash, long offset) {
    if (hashes == null || (size + 1) * 2 > hashes.length) {
      resize(hashes == null ? MIN_CAPACITY : hashes.length * 2);
    }
    insert(hash, offset);
    size++;
  }

  /** Removes the entry for this hash and offset, if there is one. */
  void remove(long hash, long offset) {
    if (hashes == null) {
      return;
    }
    int mask = hashes.length - 1;
    int i = (int) hash & mask;
    while (hashes[i] != 0 && !(hashes[i] == hash && offsets[i] == offset)) {
      i = (i + 1) & mask;
    }
    if (hashes[i] == 0) {
      return;
    }
    size--;
    if (size == 0) {
      hashes = null;
      offsets = null;
      return;
    }
    // backward shift: move later entries of the run into the hole when their home allows it
    int hole = i;
    for (int j = (hole + 1) & mask; hashes[j] != 0; j = (j + 1) & mask) {
      int home = (int) hashes[j] & mask;
      boolean movable = hole <= j ? home <= hole || home > j : home <= hole && home > j;
      if (movable) {
        hashes[hole] = hashes[j];
        offsets[hole] = offsets[j];
        hole = j;
      }
    }
    hashes[hole] = 0;
    offsets[hole] = 0;
  }

  int size() {
    return size;
  }

  private void insert(long hash, long offset) {
    int mask = hashes.length - 1;
    int i = (int) hash & mask;
    while (hashes[i] != 0) {
      i = (i + 1) & mask;
    }
    hashes[i] = hash;
    offsets[i] = offset;
  }

  private void resize(int capacity) {
    long[] oldHashes = hashes;
    long[] oldOffsets = offsets;
    hashes = new long[capacity];
    offsets = new long[capacity];
    if (oldHashes != null) {
      for (int i = 0; i < oldHashes.length; i++) {
        if (oldHashes[i] != 0) {
          insert(oldHashes[i], oldOffsets[i]);
        }
      }
    }
  }
}
