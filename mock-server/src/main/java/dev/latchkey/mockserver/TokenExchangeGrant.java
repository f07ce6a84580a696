package dev.latchkey.mockserver;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import mockwebserver3.MockResponse;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange} (RFC 8693 §2): a live
 * access or refresh token of this provider as {@code subject_token} (and optionally
 * {@code actor_token}) exchanged by an authenticated client for an access token for an
 * {@code audience} or {@code resource} its policy allows, with the subject's scopes or fewer.
 */
final class TokenExchangeGrant implements GrantHandler {
  static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
  static final String REFRESH_TOKEN = "urn:ietf:params:oauth:token-type:refresh_token";

  private final EndpointState state;
  private final TokenResponder responder;

  TokenExchangeGrant(EndpointState state, TokenResponder responder) {
    this.state = state;
    this.responder = responder;
  }

  @Override public MockResponse grant(TokenRequest request, Client client) throws OAuthError {
    if (client.isPublic()) {
      throw OAuthError.badRequest("unauthorized_client", "public client " + client.id
          + " cannot exchange tokens; token exchange needs client authentication");
    }
    IssuedToken subject = token(request, "subject_token", true);
    token(request, "actor_token", false);
    String requested = request.param("requested_token_type");
    if (requested != null && !requested.equals(ACCESS_TOKEN)) {
      throw OAuthError.badRequest("invalid_request", "requested_token_type " + requested
          + " cannot be issued; only " + ACCESS_TOKEN);
    }
    List<String> targets = new ArrayList<>(request.values("audience"));
    for (String resource : request.values("resource")) {
      if (!isAbsoluteWithoutFragment(resource)) {
        throw OAuthError.badRequest("invalid_target", "resource must be an absolute URI without "
            + "a fragment (RFC 8693 §2.1); got " + resource);
      }
      targets.add(resource);
    }
    for (String target : targets) {
      if (client.exchangeAudiences != null && !client.exchangeAudiences.contains(target)) {
        throw OAuthError.badRequest("invalid_target", "client " + client.id + " may not "
            + "exchange tokens for " + target + "; allowed: " + (client.exchangeAudiences
            .isEmpty() ? "none" : String.join(" ", new TreeSet<>(client.exchangeAudiences))));
      }
    }
    String scopeParam = request.param("scope");
    List<String> scopes = scopeParam == null ? subject.scopes : Scopes.parse(scopeParam);
    for (String s : scopes) {
      if (!subject.scopes.contains(s)) {
        throw OAuthError.badRequest("invalid_scope", "scope \"" + s + "\" is not in the "
            + "subject_token's scope; an exchange may only narrow it");
      }
    }
    Grant grant = new Grant(request.provider, client.id, subject.grant.subject, scopes,
        scopeParam != null);
    // The exchanged token may not outlive the token it was exchanged for.
    return responder.respond(request, grant, scopes, false, null,
        Map.of("issued_token_type", ACCESS_TOKEN), subject.expiresAt);
  }

  /** {@return the live token in {@code name} with its {@code name_type}, or null if absent} */
  private IssuedToken token(TokenRequest request, String name, boolean required)
      throws OAuthError {
    String value = request.param(name);
    String type = request.param(name + "_type");
    if (value == null) {
      if (required) {
        throw OAuthError.badRequest("invalid_request", name + " is missing (RFC 8693 §2.1)");
      }
      if (type != null) {
        throw OAuthError.badRequest("invalid_request", name + "_type was sent without "
            + name);
      }
      return null;
    }
    if (type == null) {
      throw OAuthError.badRequest("invalid_request", name + "_type is missing; send "
          + ACCESS_TOKEN + " or " + REFRESH_TOKEN);
    }
    if (!type.equals(ACCESS_TOKEN) && !type.equals(REFRESH_TOKEN)) {
      throw OAuthError.badRequest("invalid_request", name + "_type " + type + " is not "
          + "supported; send " + ACCESS_TOKEN + " or " + REFRESH_TOKEN);
    }
    IssuedToken token = state.token(value);
    if (token == null || !token.grant.provider.id.equals(request.provider.id)
        || token.refresh != type.equals(REFRESH_TOKEN)) {
      throw OAuthError.badRequest("invalid_grant", "the " + name + " is unknown (or not a "
          + (type.equals(ACCESS_TOKEN) ? "access" : "refresh") + " token of "
          + request.provider.displayName + ")");
    }
    if (token.isRevoked()) {
      throw OAuthError.badRequest("invalid_grant", "the " + name + " was revoked");
    }
    if (token.isExpired(state.now())) {
      throw OAuthError.badRequest("invalid_grant", "the " + name + " expired");
    }
    return token;
  }

  private static boolean isAbsoluteWithoutFragment(String uri) {
    try {
      URI u = new URI(uri);
      return u.isAbsolute() && u.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
