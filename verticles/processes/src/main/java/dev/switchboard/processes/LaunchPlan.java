package dev.switchboard.processes;

import dev.switchboard.shared.processes.RestartPolicy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the allow-list approved: the executable, its arguments, the working directory (null: the node's) with the
 * root it must stay under, the variables the request sets, the effective timeout (per run) and restart policy.
 */
record LaunchPlan(String executable, List<String> args, Path cwd, Path cwdRoot, Map<String, String> env,
                  long timeoutMs, RestartPolicy restart) {

  LaunchPlan {
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }
}
