package dev.latchkey.samples.webapp;

import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The application panel: APIs the app calls as itself with client_credentials tokens, one token
 * per provider shared by every user. {@code GET /app} shows each token and the Organization
 * API's organization; {@code POST /app/onna/workspaces} creates an Onna workspace.
 */
final class AppPanelRoutes {
  private static final Logger LOG = Logger.getLogger(AppPanelRoutes.class.getName());
  private static final String FLASH = "latchkey.appFlash";

  private final Providers providers;

  AppPanelRoutes(Providers providers) {
    this.providers = providers;
  }

  void register(Javalin app) {
    app.get("/app", this::panel);
    app.post("/app/onna/workspaces", this::createWorkspace);
  }

  private void panel(Context ctx) {
    String csrf = Csrf.token(ctx);
    String flash = ctx.consumeSessionAttribute(FLASH);
    List<Pages.AppCard> cards = new ArrayList<>();
    cards.add(card(ProviderId.ORGAPI, "GET api/organization", session -> {
      Object organization = Api.get(session, providers.http(),
          providers.get(ProviderId.ORGAPI).baseUrl() + "api/organization");
      Map<?, ?> org = organization instanceof Map<?, ?> m ? m : Map.of();
      return "<p class=\"result\">Organization: <strong>" + Pages.escape(org.get("name"))
          + "</strong> (" + Pages.escape(org.get("id")) + ")</p>\n";
    }, ""));
    cards.add(card(ProviderId.ONNA, "POST v1/workspaces", session -> {
      session.token(); // Acquires a token, or a new one once the old one expired.
      return flash == null ? "<p class=\"result\">No workspace created yet.</p>\n"
          : "<p class=\"result\">" + Pages.escape(flash) + "</p>\n";
    }, """
        <form method="post" action="/app/onna/workspaces">
        <input type="hidden" name="%s" value="%s">
        <button type="submit" class="button">Create an Onna workspace</button>
        </form>
        """.formatted(Csrf.FIELD, Pages.escape(csrf))));
    ctx.html(Pages.appPanel(cards, ""));
  }

  private void createWorkspace(Context ctx) throws IOException {
    Csrf.verify(ctx);
    TokenSession session = providers.appSession(ProviderId.ONNA);
    if (session == null) {
      throw new FriendlyException(400, "Onna is not configured",
          "Calling Onna needs a client id; see the app's README for the LATCHKEY_ONNA_*"
              + " settings.", null);
    }
    Object created = Api.post(session, providers.http(),
        providers.get(ProviderId.ONNA).baseUrl() + "v1/workspaces",
        "{\"name\":\"Latchkey sample workspace\"}");
    Map<?, ?> workspace = created instanceof Map<?, ?> m ? m : Map.of();
    ctx.sessionAttribute(FLASH, "Created workspace \"" + workspace.get("name") + "\" ("
        + workspace.get("id") + ").");
    ctx.redirect("/app", HttpStatus.SEE_OTHER);
  }

  /** Something a card does with the app's token session; returns the card's result HTML. */
  private interface Call {
    String run(TokenSession session) throws IOException;
  }

  private Pages.AppCard card(ProviderId id, String api, Call call, String actionHtml) {
    TokenSession session = providers.appSession(id);
    if (session == null) {
      return new Pages.AppCard(id, api, "<p class=\"hint\">Not configured: set LATCHKEY_"
          + id.envName() + "_CLIENT_ID and its secret.</p>\n", null, "");
    }
    Providers.Connection connection = providers.get(id);
    try {
      String resultHtml = call.run(session);
      Token token = session.token();
      Pages.TokenView view = new Pages.TokenView(token.issuedAt(), token.expiresAt(),
          connection.client().clock().instant(), token.refreshToken() != null,
          connection.events().of(session.key()));
      return new Pages.AppCard(id, api, resultHtml, view, actionHtml);
    } catch (IOException e) {
      // SDK and API messages carry no secrets; the page shows it, the log keeps it.
      LOG.warning(id.id() + ": the application's call failed: " + e.getMessage());
      return new Pages.AppCard(id, api, "<p class=\"error-text\">The call failed: "
          + Pages.escape(ErrorPages.describe(id, e)) + "</p>\n", null, "");
    }
  }
}
