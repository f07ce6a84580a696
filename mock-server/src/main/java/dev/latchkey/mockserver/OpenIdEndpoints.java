package dev.latchkey.mockserver;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * An OpenID Connect provider's own endpoints: the JWKS its ID tokens are signed with (RFC 7517)
 * and RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2) with
 * {@code id_token_hint}, {@code post_logout_redirect_uri} and {@code state}.
 */
final class OpenIdEndpoints {
  static final String JWKS_PATH = "/jwks";
  static final String LOGOUT_PATH = "/logout";

  private final EndpointState state;

  OpenIdEndpoints(EndpointState state) {
    this.state = state;
  }

  MockResponse jwks(MockProvider p, RecordedRequest request) {
    if (!request.getMethod().equals("GET")) {
      return Wire.methodNotAllowed("GET", request.getUrl().encodedPath());
    }
    return Wire.json(200, state.signingKeys(p).jwks()).build();
  }

  /** Adds what OpenID Connect Discovery 1.0 §3 asks for to the provider's metadata. */
  static void describe(MockProvider p, String issuer, Map<String, Object> metadata) {
    metadata.put("jwks_uri", issuer + JWKS_PATH);
    metadata.put("end_session_endpoint", issuer + LOGOUT_PATH);
    metadata.put("subject_types_supported", List.of("public"));
    metadata.put("id_token_signing_alg_values_supported", List.of(p.extensions.idTokenAlg.name()));
    metadata.put("claims_supported", List.of("sub", "iss", "aud", "azp", "exp", "iat",
        "auth_time", "nonce", "at_hash", "c_hash", "name", "preferred_username", "email",
        "email_verified"));
  }

  /** GET with a query or POST with a form, as the specification allows. */
  MockResponse logout(MockProvider p, RecordedRequest request) {
    Map<String, String> params;
    try {
      if (request.getMethod().equals("GET")) {
        params = Wire.parseQuery(request.getUrl());
      } else if (request.getMethod().equals("POST")) {
        params = Wire.parseForm(Wire.body(request));
      } else {
        return Wire.methodNotAllowed("GET, POST", request.getUrl().encodedPath());
      }
    } catch (OAuthError e) {
      return page(400, p, "The logout request is malformed: a parameter appears more than once.");
    }
    String clientId = params.get("client_id");
    String hint = params.get("id_token_hint");
    if (hint != null) {
      JWTClaimsSet claims = state.signingKeys(p).verify(hint);
      if (claims == null || !(state.url() + p.id).equals(claims.getIssuer())) {
        return page(400, p, "id_token_hint is not an ID token " + p.displayName + " issued "
            + "(its signature does not verify with the published keys, or its iss differs).");
      }
      String audience = claims.getAudience().isEmpty() ? null : claims.getAudience().get(0);
      if (clientId != null && !clientId.equals(audience)) {
        return page(400, p, "client_id " + clientId + " is not the id_token_hint's audience.");
      }
      clientId = audience;
    }
    String redirect = params.get("post_logout_redirect_uri");
    if (redirect == null) {
      return page(200, p, "You are signed out of " + p.displayName + ".");
    }
    Client client = clientId == null ? null : state.client(p, clientId);
    if (client == null) {
      return page(400, p, "post_logout_redirect_uri needs id_token_hint or client_id, so the "
          + "redirect can be checked against the client's registered URIs.");
    }
    if (!client.redirectAllowed(redirect)) {
      return page(400, p, "post_logout_redirect_uri \"" + redirect + "\" is not registered "
          + "for client " + client.id + ".");
    }
    Map<String, String> back = new LinkedHashMap<>();
    if (params.get("state") != null) back.put("state", params.get("state"));
    return Wire.redirect(AuthorizeEndpoint.appendQuery(redirect, back));
  }

  private static MockResponse page(int code, MockProvider p, String message) {
    String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Sign out - " + Wire.escapeHtml(p.displayName) + "</title></head>\n"
        + "<body><main><h1>Sign out</h1>\n<p id=\"message\">" + Wire.escapeHtml(message)
        + "</p></main></body></html>\n";
    return Wire.html(code, html).build();
  }
}
