package dev.latchkey.mockserver;

import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The authorization endpoint (RFC 6749 §4.1.1) and the consent form it shows. A request whose
 * client or redirect URI can't be trusted gets an HTML error page; any other error goes back to
 * the client as a redirect with {@code error=} (RFC 6749 §4.1.2.1).
 */
final class AuthorizeEndpoint {
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
    String requestUri = q.get("request_uri");
    if (requestUri != null) {
      // RFC 9126 §4: the pushed parameters are the request; others in the URL are ignored.
      PushedRequest pushed = state.takePushedRequest(requestUri);
      if (pushed == null || !pushed.client.provider.id.equals(p.id)
          || !pushed.client.id.equals(clientId) || !state.now().isBefore(pushed.expiresAt)) {
        return errorPage(p, "request_uri is unknown, expired, already used or pushed by "
            + "another client (RFC 9126 §4). Push the authorization request again.");
      }
      return answer(p, pushed.request);
    }
    if (requiresPar(p, client)) {
      return errorPage(p, (Boolean.TRUE.equals(client.requirePar) ? "Client " + clientId
          : p.displayName) + " requires pushed authorization requests (RFC 9126 §5): POST "
          + "the parameters to " + state.url() + p.id + p.extensions.parPath
          + " and send only client_id and request_uri here.");
    }
    AuthorizationRequest ar;
    try {
      ar = AuthorizationParams.check(state, client, q);
    } catch (AuthorizationParams.Problem e) {
      return e.redirectUri == null ? errorPage(p, e.description)
          : redirectError(e.redirectUri, e.state, e.error, e.description);
    }
    return answer(p, ar);
  }

  private boolean requiresPar(MockProvider p, Client client) {
    if (p.extensions.parPath == null) return false;
    return client.requirePar != null ? client.requirePar : state.settings().requirePar(p);
  }

  /** Approves, denies or asks, as the consent mode says. */
  private MockResponse answer(MockProvider p, AuthorizationRequest ar) {
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
        ar.scopeRequested, state.now(), ar.nonce);
    String code = ServerState.randomToken();
    state.putCode(code, new AuthorizationCode(grant, ar.redirectUriSent ? ar.redirectUri : null,
        ar.codeChallenge, ar.dpopJkt, state.now().plus(state.settings().codeLifetime)));
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
