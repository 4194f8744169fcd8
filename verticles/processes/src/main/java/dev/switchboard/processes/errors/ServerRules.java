package dev.switchboard.processes.errors;

import java.util.regex.Pattern;

/** One-line signs that a server could not start or crashed: a port in use, a dev server's crash notice. */
final class ServerRules {

  private ServerRules() {
  }

  static final class ServerFailure implements SingleLineRule {
    private static final Pattern CRASHED = Pattern.compile(
        "(?i)\\[nodemon\\] app crashed|error when starting dev server|Failed to start server|server crashed");
    private static final Pattern GO_LISTEN = Pattern.compile("listen (tcp|udp)[46]? \\S*: bind: ");

    @Override
    public boolean starts(String line) {
      return mayMatch(line) && (Categories.SERVER_FAILURE.matcher(line).find() || CRASHED.matcher(line).find());
    }

    /** A cheap first look: a word that every server failure pattern contains. */
    private static boolean mayMatch(String line) {
      return line.contains("ddress") || line.contains("ADDRESS") || line.contains("EADDRINUSE") || line.contains("EACCES")
          || line.contains("rash") || line.contains("dev server") || line.contains("ailed to start")
          || line.contains("socket address");
    }


    @Override
    public Detection detect(Block block) {
      String line = block.first().trim();
      String language = GO_LISTEN.matcher(line).find() ? Categories.GO
          : line.contains("nodemon") || line.contains("dev server") || line.contains("EADDRINUSE") ? Categories.JAVASCRIPT
          : Categories.UNKNOWN;
      return new Detection(Categories.SERVER, language, line, null, null, null, block.excerpt());
    }
  }
}
