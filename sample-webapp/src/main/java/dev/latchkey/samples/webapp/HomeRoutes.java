package dev.latchkey.samples.webapp;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /}: the "Sign in with ..." buttons. */
final class HomeRoutes {
  private final Providers providers;
  private final boolean demo;

  HomeRoutes(Providers providers, boolean demo) {
    this.providers = providers;
    this.demo = demo;
  }

  void register(Javalin app) {
    app.get("/", this::home);
  }

  private void home(Context ctx) {
    List<ProviderId> signIn = List.of(ProviderId.ORA, ProviderId.ORGO, ProviderId.ORANGELOGIC,
        ProviderId.STANDARD);
    List<ProviderId> configured = new ArrayList<>();
    for (ProviderId p : signIn) {
      if (providers.get(p) != null) {
        configured.add(p);
      }
    }
    ctx.html(Pages.home(signIn, configured, Csrf.token(ctx), WebSession.user(ctx),
        Pages.notice(signedOutNotice(ctx.queryParam("signedOut"))), demo));
  }

  /** Returns the notice after signing out; the query parameter only selects a fixed text. */
  private static String signedOutNotice(String outcome) {
    if (outcome == null) {
      return null;
    }
    switch (outcome) {
      case "revoked":
        return "You have signed out. The provider revoked your token.";
      case "provider":
        return "You have signed out, here and at the provider.";
      case "local":
        return "You have signed out. This provider has no revocation endpoint, so the app"
            + " deleted your token; it stops working at its expiry.";
      default:
        return "You have signed out.";
    }
  }
}
