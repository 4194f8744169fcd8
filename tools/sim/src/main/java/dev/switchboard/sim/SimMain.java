package dev.switchboard.sim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the simulation at each size, Switchboard's model and the stock bridge's side by side, and prints the table
 * (docs/scale.md has the command and the results). Progress goes to the log (stderr), the table to stdout.
 */
public final class SimMain {

  private static final Logger LOG = LoggerFactory.getLogger(SimMain.class);

  private SimMain() {
  }

  public static void main(String[] args) throws Exception {
    SimOptions options;
    try {
      options = SimOptions.parse(args);
    } catch (IllegalArgumentException e) {
      LOG.error("{}", e.getMessage());
      System.exit(2);
      return;
    }
    List<PhaseCost> rows = new ArrayList<>();
    for (int size : options.sizes()) {
      for (RoutingModel model : List.of(new SwitchboardModel(), new StockBridgeModel())) {
        Scenario.Result result = Scenario.run(model, options.workload(size));
        rows.addAll(result.phases());
        if (result.nodeLoss() != null && !result.nodeLoss().onlyLostNodesEntries()) {
          LOG.error("the node-loss clean-up changed more than the lost node's entries [members: {}]: {}", size,
              result.nodeLoss().note());
        }
      }
    }
    String table = CostTable.markdown(rows);
    if (options.out() != null) {
      Files.writeString(options.out(), table, StandardCharsets.UTF_8);
      Path csv = options.out().resolveSibling(options.out().getFileName() + ".csv");
      Files.writeString(csv, CostTable.csv(rows), StandardCharsets.UTF_8);
      LOG.info("written [table: {}, csv: {}]", options.out(), csv);
    }
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    stdout.print(table);
    System.exit(0);
  }
}
