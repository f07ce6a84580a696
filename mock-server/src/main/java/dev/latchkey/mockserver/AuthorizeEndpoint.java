package dev.latchkey.mockserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The authorization endpoint (RFC 6749 §4.1.1) and the consent form it shows. A request whose
 * client or redirect URI can't be trusted gets an HTML error page; any other error goes back to
 * the client as a redirect with {@code error=} (RFC 6749 §4.1.2.1).
 */
final class AuthorizeEndpoint {
  /** RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters of the unreserved set. */
  private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final EndpointState state;

  AuthorizeEndpoint(EndpointState state) {
    this.state = state;
  }

  MockResponse authorize(MockProvider p, RecordedRequest request) {
    if (!request.getMethod().equals("GET")) {
      return Wire.methodNotAllowed("GET", request.getUrl().encodedPath());
    }
    Map<String, String> q;
    try {
      q = Wire.parseQuery(request.getUrl());
    } catch (OAuthError e) {
      return errorPage(p, "The authorization request is malformed: a parameter appears more than"
          + " once. Send each parameter once (RFC 6749 §3.1).");
    }
    String clientId = q.get("client_id");
    if (clientId == null) {
      return errorPage(p, "client_id is missing. Send client_id=" + demoId(p) + " (the demo "
          + "client) or a client you registered.");
    }
    Client client = state.client(p, clientId);
    if (client == null) {
      return errorPage(p, "Unknown client_id \"" + clientId + "\" for " + p.displayName
          + ". The demo client is " + demoId(p) + ".");
    }
    String redirectUri = q.get("redirect_uri");
    boolean redirectUriSent = redirectUri != null;
    if (redirectUri == null) {
      redirectUri = client.defaultRedirectUri();
      if (redirectUri == null) {
        return errorPage(p, "redirect_uri is missing. Send the redirect URI registered for "
            + clientId + (client.anyLoopback ? " (any loopback URI, such as "
            + "http://127.0.0.1:8080/callback)." : "."));
      }
    } else if (!client.redirectAllowed(redirectUri)) {
      return errorPage(p, "redirect_uri \"" + redirectUri + "\" is not registered for client "
          + clientId + ". " + (client.anyLoopback
          ? "Demo clients accept http loopback URIs only (127.0.0.1, localhost or [::1], any "
            + "port, any path)."
          : "It must match a registered redirect URI exactly: " + client.redirectUris + "."));
    }
    String clientState = q.get("state");

    String responseType = q.get("response_type");
    if (responseType == null) {
      return redirectError(redirectUri, clientState, "invalid_request",
          "response_type is missing; send response_type=code");
    }
    if (!responseType.equals("code")) {
      return redirectError(redirectUri, clientState, "unsupported_response_type",
          "response_type must be code; got " + responseType);
    }
    String scopeParam = q.get("scope");
    List<String> scopes = Scopes.parse(scopeParam);
    String badScope = Scopes.unknown(p, client, scopes);
    if (badScope != null) {
      return redirectError(redirectUri, clientState, "invalid_scope",
          Scopes.error(p, client, badScope));
    }
    String challenge = q.get("code_challenge");
    String method = q.get("code_challenge_method");
    if (challenge == null) {
      if (method != null) {
        return redirectError(redirectUri, clientState, "invalid_request",
            "code_challenge_method was sent without code_challenge; send both (RFC 7636 §4.3)");
      }
      if (client.isPublic()) {
        return redirectError(redirectUri, clientState, "invalid_request",
            "PKCE is required for public client " + clientId + ": send code_challenge and "
                + "code_challenge_method=S256 (RFC 7636 §4.3)");
      }
    } else {
      if (!"S256".equals(method)) {
        return redirectError(redirectUri, clientState, "invalid_request",
            "code_challenge_method must be S256 (RFC 7636 §4.3); got "
                + (method == null ? "none, which means plain" : method));
      }
      if (!S256_CHALLENGE.matcher(challenge).matches()) {
        return redirectError(redirectUri, clientState, "invalid_request",
            "code_challenge must be 43 base64url characters, BASE64URL(SHA256(code_verifier)) "
                + "without padding (RFC 7636 §4.2)");
      }
    }
    AuthorizationRequest ar = new AuthorizationRequest(client, redirectUri, redirectUriSent,
        clientState, scopes, scopeParam != null, challenge,
        state.now().plus(ServerState.CONSENT_LIFETIME));
    switch (state.settings().consent) {
      case AUTO_APPROVE:
        return approve(ar);
      case AUTO_DENY:
        return deny(ar);
      default:
        String consentId = ServerState.randomToken();
        state.putConsent(consentId, ar);
        return consentPage(p, ar, consentId);
    }
  }

  /** Handles the consent form's POST: {@code consent_id} and {@code decision}. */
  MockResponse consent(MockProvider p, RecordedRequest request) {
    if (!request.getMethod().equals("POST")) {
      return Wire.methodNotAllowed("POST", request.getUrl().encodedPath());
    }
    Map<String, String> form;
    try {
      form = Wire.parseForm(Wire.body(request));
    } catch (OAuthError e) {
      return errorPage(p, "The consent form is malformed.");
    }
    String id = form.get("consent_id");
    AuthorizationRequest ar = state.takeConsent(id);
    if (ar == null || !ar.client.provider.id.equals(p.id) || !state.now().isBefore(ar.expiresAt)) {
      return errorPage(p, "This consent request is unknown, expired or already answered. "
          + "Start the authorization again.");
    }
    String decision = form.get("decision");
    if ("approve".equals(decision)) return approve(ar);
    if ("deny".equals(decision)) return deny(ar);
    state.putConsent(id, ar);
    return errorPage(p, "decision must be approve or deny; got " + decision + ".");
  }

  private MockResponse approve(AuthorizationRequest ar) {
    Grant grant = new Grant(ar.client.provider, ar.client.id, DemoUser.SUBJECT, ar.scopes,
        ar.scopeRequested);
    String code = ServerState.randomToken();
    state.putCode(code, new AuthorizationCode(grant, ar.redirectUriSent ? ar.redirectUri : null,
        ar.codeChallenge, state.now().plus(state.settings().codeLifetime)));
    Map<String, String> params = new LinkedHashMap<>();
    params.put("code", code);
    if (ar.state != null) params.put("state", ar.state);
    return Wire.redirect(appendQuery(ar.redirectUri, params));
  }

  private MockResponse deny(AuthorizationRequest ar) {
    return redirectError(ar.redirectUri, ar.state, "access_denied",
        "the user denied the authorization request");
  }

  private static MockResponse redirectError(String redirectUri, String clientState, String error,
      String description) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("error", error);
    params.put("error_description", description);
    if (clientState != null) params.put("state", clientState);
    return Wire.redirect(appendQuery(redirectUri, params));
  }

  static String appendQuery(String uri, Map<String, String> params) {
    StringBuilder sb = new StringBuilder(uri);
    char separator = uri.indexOf('?') < 0 ? '?' : '&';
    for (Map.Entry<String, String> e : params.entrySet()) {
      sb.append(separator).append(Wire.formEncode(e.getKey())).append('=')
          .append(Wire.formEncode(e.getValue()));
      separator = '&';
    }
    return sb.toString();
  }

  private String demoId(MockProvider p) {
    return state.demoClient(p).clientId();
  }

  private static MockResponse errorPage(MockProvider p, String message) {
    String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Authorization error - " + Wire.escapeHtml(p.displayName) + "</title></head>\n"
        + "<body><main><h1>Authorization error</h1>\n"
        + "<p id=\"error\">" + Wire.escapeHtml(message) + "</p>\n"
        + "<p>The request was not sent back to the application because its client or redirect "
        + "URI could not be trusted (RFC 6749 §4.1.2.1).</p></main></body></html>\n";
    return Wire.html(400, html).build();
  }

  private static MockResponse consentPage(MockProvider p, AuthorizationRequest ar, String consentId) {
    StringBuilder scopes = new StringBuilder();
    if (ar.scopes.isEmpty()) {
      scopes.append("<p id=\"scopes\">No particular scopes requested.</p>\n");
    } else {
      scopes.append("<ul id=\"scopes\">\n");
      for (String s : ar.scopes) {
        scopes.append("<li>").append(Wire.escapeHtml(s)).append("</li>\n");
      }
      scopes.append("</ul>\n");
    }
    String app = Wire.escapeHtml(ar.client.name);
    String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Authorize " + app + " - " + Wire.escapeHtml(p.displayName) + "</title></head>\n"
        + "<body><main>\n<h1>" + Wire.escapeHtml(p.displayName) + " (Latchkey mock)</h1>\n"
        + "<p><strong id=\"app\">" + app + "</strong> (" + Wire.escapeHtml(ar.client.id)
        + ") wants to access your account, signed in as <strong>"
        + DemoUser.USERNAME + "</strong>.</p>\n"
        + scopes
        + "<form method=\"post\" action=\"/" + p.id + "/consent\">\n"
        + "<input type=\"hidden\" name=\"consent_id\" value=\"" + consentId + "\">\n"
        + "<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Approve"
        + "</button>\n"
        + "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>\n"
        + "</form>\n</main></body></html>\n";
    return Wire.html(200, html).build();
  }
}
