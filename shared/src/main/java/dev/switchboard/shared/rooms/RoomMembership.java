package dev.switchboard.shared.rooms;

import com.hazelcast.map.EntryProcessor;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeSet;

/**
 * Adds a node to, or removes it from, one entry of the room directory, on the partition that owns the
 * entry. The value is the sorted node names joined by commas (node names have none); an empty set
 * removes the entry.
 */
public final class RoomMembership implements EntryProcessor<String, String, Void>, Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String node;
  private final boolean add;

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
