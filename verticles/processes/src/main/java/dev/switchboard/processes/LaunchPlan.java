package dev.switchboard.processes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the allow-list approved: the executable, its arguments, the working directory (null: the node's) with the
 * root it must stay under, the variables the request sets, and the effective timeout.
 */
record LaunchPlan(String executable, List<String> args, Path cwd, Path cwdRoot, Map<String, String> env,
                  long timeoutMs) {

  LaunchPlan {
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }
}
