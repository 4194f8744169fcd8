package dev.switchboard.shared.cluster.rooms;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;

/**
 * Adds a node to, or removes it from, one entry of the room directory, on the partition that owns the
 * entry. The value is the sorted node names joined by commas (node names have none); an empty set
 * removes the entry. {@link DataSerializable}: one travels with every directory change.
 */
public final class RoomMembership implements EntryProcessor<String, String, Void>, DataSerializable {

  private String node;
  private boolean add;

  /** For Hazelcast's deserialization. */
  public RoomMembership() {
  }

  public RoomMembership(String node, boolean add) {
    this.node = node;
    this.add = add;
  }

  @Override
  public Void process(Map.Entry<String, String> entry) {
    TreeSet<String> nodes = parse(entry.getValue());
    if (add ? nodes.add(node) : nodes.remove(node)) {
      entry.setValue(nodes.isEmpty() ? null : String.join(",", nodes));
    }
    return null;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(node);
    out.writeBoolean(add);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    node = in.readString();
    add = in.readBoolean();
  }

  static TreeSet<String> parse(String value) {
    TreeSet<String> nodes = new TreeSet<>();
    if (value != null && !value.isEmpty()) {
      for (String name : value.split(",")) {
        nodes.add(name);
      }
    }
    return nodes;
  }
}
