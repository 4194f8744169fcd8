package dev.switchboard.history;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

import java.util.Objects;

/**
 * How a room's log is merged when a split cluster heals: of the two copies, the one that went further in the same
 * epoch wins. Hazelcast's default keeps the copy of the side merged into, whichever that is — and when the sides are
 * one member each, that can be a member that was frozen with a stale copy: every event acknowledged meanwhile would be
 * lost. (The side that could not reach enough members took no appends: see {@code cluster.minimumMembers}.)
 */
public final class LongestLogMergePolicy implements SplitBrainMergePolicy<RoomLog, MergingValue<RoomLog>, Object> {

  @Override
  public Object merge(MergingValue<RoomLog> merging, MergingValue<RoomLog> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    RoomLog incoming = merging.getValue();
    RoomLog kept = existing.getValue();
    boolean longer = kept == null || incoming != null && Objects.equals(incoming.epoch(), kept.epoch())
        && incoming.lastOffset() > kept.lastOffset();
    return longer ? merging.getRawValue() : existing.getRawValue();
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // stateless
  }

  @Override
  public void readData(ObjectDataInput in) {
    // stateless
  }
}
