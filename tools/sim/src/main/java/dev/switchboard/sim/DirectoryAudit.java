package dev.switchboard.sim;

import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.shared.MapNames;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The room directory around a node loss: each entry's value and version before, then what the clean-up changed. Read
 * outside the measured windows (its own reads would count).
 */
final class DirectoryAudit {

  /** What the clean-up did to the directory. */
  record Outcome(int listingLost, int changedListingLost, int notListingLost, int changedNotListingLost,
                 int stillListingLost, int othersWrong) {

    /** Only the lost node's entries changed, each lost only that node, and none lists it any more. */
    boolean onlyLostNodesEntries() {
      return changedNotListingLost == 0 && stillListingLost == 0 && othersWrong == 0 && changedListingLost == listingLost;
    }

    String note() {
      return "entries listing the lost node: " + listingLost + " (changed " + changedListingLost + ", still listing it "
          + stillListingLost + "); other entries: " + notListingLost + " (changed " + changedNotListingLost + ")";
    }
  }

  private record Seen(Set<String> nodes, long version) {
  }

  private final Map<String, Seen> before = new HashMap<>();

  private DirectoryAudit() {
  }

  static DirectoryAudit take(HazelcastInstance hazelcast) {
    DirectoryAudit audit = new DirectoryAudit();
    IMap<String, String> map = hazelcast.getMap(MapNames.ROOMS);
    for (String room : map.keySet()) {
      EntryView<String, String> view = map.getEntryView(room);
      if (view != null) {
        audit.before.put(room, new Seen(nodes(view.getValue()), view.getVersion()));
      }
    }
    return audit;
  }

  Outcome after(HazelcastInstance hazelcast, String lost) {
    IMap<String, String> map = hazelcast.getMap(MapNames.ROOMS);
    int listing = 0;
    int changedListing = 0;
    int notListing = 0;
    int changedNotListing = 0;
    int stillListing = 0;
    int othersWrong = 0;
    for (Map.Entry<String, Seen> entry : before.entrySet()) {
      EntryView<String, String> view = map.getEntryView(entry.getKey());
      Set<String> now = view == null ? Set.of() : nodes(view.getValue());
      Set<String> expected = new TreeSet<>(entry.getValue().nodes());
      if (entry.getValue().nodes().contains(lost)) {
        listing++;
        expected.remove(lost);
        if (view == null || view.getVersion() != entry.getValue().version()) {
          changedListing++;
        }
        if (now.contains(lost)) {
          stillListing++;
        }
      } else {
        notListing++;
        if (view == null || view.getVersion() != entry.getValue().version()) {
          changedNotListing++;
        }
      }
      if (!now.equals(expected)) {
        othersWrong++;
      }
    }
    return new Outcome(listing, changedListing, notListing, changedNotListing, stillListing, othersWrong);
  }

  private static Set<String> nodes(String value) {
    return value == null || value.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(value.split(",")));
  }
}
