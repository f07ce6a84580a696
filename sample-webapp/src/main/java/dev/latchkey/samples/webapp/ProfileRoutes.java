package dev.latchkey.samples.webapp;

import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /profile}: the signed-in user's data from the provider's API, called with the user's
 * token, and that token's expiry and renewals.
 */
final class ProfileRoutes {
  private final Providers providers;

  ProfileRoutes(Providers providers) {
    this.providers = providers;
  }

  void register(Javalin app) {
    app.get("/profile", this::profile);
  }

  private void profile(Context ctx) throws IOException {
    WebSession.User user = WebSession.user(ctx);
    if (user == null) {
      ctx.redirect("/");
      return;
    }
    ctx.attribute(ErrorPages.PROVIDER, user.provider());
    Providers.Connection connection = providers.get(user.provider());
    TokenSession session = providers.userSession(user.provider(), user.key());
    Pages.Profile profile;
    Token token;
    try {
      profile = fetch(user.provider(), connection, session);
      token = session.token(); // After the call, which may have renewed it.
    } catch (ReauthorizationRequiredException e) {
      // The refresh token was rejected (expired or revoked) and the SDK deleted the token.
      WebSession.clearUser(ctx);
      providers.forgetUser(user.provider(), user.key());
      throw e;
    }
    Pages.TokenView view = new Pages.TokenView(token.issuedAt(), token.expiresAt(),
        connection.client().clock().instant(), token.refreshToken() != null,
        connection.events().of(user.key()));
    ctx.html(Pages.profile(user.provider(), profile, view, Csrf.token(ctx)));
  }

  private Pages.Profile fetch(ProviderId provider, Providers.Connection connection,
      TokenSession session) throws IOException {
    switch (provider) {
      case STANDARD:
      case ORGO: {
        // The SDK calls the userinfo endpoint itself (checking that its sub is the validated ID
        // token's, with OpenID Connect); claims depend on the granted scopes.
        Map<String, Object> claims = new LinkedHashMap<>();
        if (session.idTokenClaims() != null) {
          claims.putAll(session.idTokenClaims());
        }
        if (connection.client().provider().userinfoEndpoint() != null) {
          claims.putAll(session.userInfo());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, "Name", claims.get("name"));
        put(fields, "Username", claims.get("preferred_username"));
        put(fields, "Email", claims.get("email"));
        put(fields, "Groups", claims.get("groups"));
        put(fields, "Roles", claims.get("roles"));
        put(fields, "Subject", claims.get("sub"));
        if (session.idTokenClaims() != null) {
          fields.put("Signed in with", "OpenID Connect (ID token validated)");
        }
        return new Pages.Profile("Your " + provider.label() + " profile", fields, null,
            List.of());
      }
      case ORA: {
        Object projects = Api.get(session, providers.http(), connection.baseUrl() + "v1/projects");
        List<String> names = new ArrayList<>();
        if (projects instanceof List<?> list) {
          for (Object p : list) {
            if (p instanceof Map<?, ?> project) {
              names.add(project.get("name") + " (" + project.get("id") + ")");
            }
          }
        }
        return new Pages.Profile("Your Ora account", Map.of("Projects", String.valueOf(
            names.size())), "Projects", names);
      }
      case ORANGELOGIC: {
        Object me = Api.get(session, providers.http(), connection.baseUrl() + "api/me");
        Map<String, String> fields = new LinkedHashMap<>();
        if (me instanceof Map<?, ?> m) {
          put(fields, "Name", m.get("displayName"));
          put(fields, "Username", m.get("userName"));
          put(fields, "Email", m.get("email"));
          put(fields, "Id", m.get("id"));
        }
        return new Pages.Profile("Your Orange Logic profile", fields, null, List.of());
      }
      default:
        throw new AssertionError(provider);
    }
  }

  private static void put(Map<String, String> fields, String label, Object value) {
    if (value instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      for (Object item : list) {
        items.add(String.valueOf(item));
      }
      fields.put(label, String.join(", ", items));
    } else if (value != null) {
      fields.put(label, String.valueOf(value));
    }
  }
}
