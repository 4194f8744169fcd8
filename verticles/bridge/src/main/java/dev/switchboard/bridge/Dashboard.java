package dev.switchboard.bridge;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard page at {@code /}: static files bundled in the jar under {@code dashboard/} (no CDN, no build step).
 * The page signs in with a token and then talks to the node only through the bridge ({@code /eventbus}) and
 * {@code /api/status}, so it can do exactly what the token's permission rules allow and nothing more.
 */
public final class Dashboard {

  /** Same-origin scripts, styles and connections only; the token may sit in the URL once, so no referrer. */
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private Dashboard() {
  }

  /** Mounts the page after every other route: {@code /eventbus/*} and {@code /api/*} keep precedence. */
  public static void mount(Router router) {
    router.get("/*")
        .handler(ctx -> {
          ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("Referrer-Policy", "no-referrer")
              .putHeader("X-Content-Type-Options", "nosniff")
              // small files that change with the jar: revalidate rather than keep a stale page for a day
              .putHeader("Cache-Control", "no-cache");
          ctx.next();
        })
        .handler(StaticHandler.create("dashboard").setIndexPage("index.html").setDefaultContentEncoding("UTF-8")
            .setCachingEnabled(false));
  }
}
