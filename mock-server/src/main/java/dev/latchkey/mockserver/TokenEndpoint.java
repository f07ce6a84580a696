package dev.latchkey.mockserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Token (RFC 6749 §3.2) and revocation (RFC 7009) endpoints, strict about each provider's
 * dialect: where parameters go, how they're encoded, and where client credentials go.
 */
final class TokenEndpoint {
  /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
  private static final Pattern CODE_VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

  private final ServerState state;

  TokenEndpoint(ServerState state) {
    this.state = state;
  }

  /** A parsed, client-authenticated request. */
  private static final class Call {
    final Map<String, String> params;
    final Client client;

    Call(Map<String, String> params, Client client) {
      this.params = params;
      this.client = client;
    }
  }

  MockResponse token(Provider p, RecordedRequest request) {
    if (!request.getMethod().equals("POST")) {
      return Wire.methodNotAllowed("POST", request.getUrl().encodedPath());
    }
    try {
      Call call = parse(p, request);
      String grantType = call.params.get("grant_type");
      if (grantType == null) {
        throw OAuthError.badRequest("invalid_request", "grant_type is missing; "
            + p.displayName + " supports grant_type " + String.join(", ", p.grants));
      }
      if (!p.grants.contains(grantType)) {
        if (p == Provider.ONNA && grantType.equals("refresh_token")) {
          throw OAuthError.badRequest("unsupported_grant_type", "Onna issues no refresh tokens"
              + " and cannot refresh; request a new token with grant_type=client_credentials");
        }
        throw OAuthError.badRequest("unsupported_grant_type", p.displayName
            + " does not support grant_type=" + grantType + "; it supports "
            + String.join(", ", p.grants));
      }
      switch (grantType) {
        case "authorization_code":
          return authorizationCode(p, call);
        case "refresh_token":
          return refresh(p, call);
        default:
          return clientCredentials(p, call);
      }
    } catch (OAuthError e) {
      return e.response;
    }
  }

  /** RFC 7009: always 200 for a token, known or not, once the client is authenticated. */
  MockResponse revoke(Provider p, RecordedRequest request) {
    if (!request.getMethod().equals("POST")) {
      return Wire.methodNotAllowed("POST", request.getUrl().encodedPath());
    }
    try {
      Call call = parse(p, request);
      String token = call.params.get("token");
      if (token == null) {
        throw OAuthError.badRequest("invalid_request",
            "token is missing; send the access or refresh token to revoke (RFC 7009 §2.1)");
      }
      IssuedToken issued = state.tokens.get(token);
      if (issued != null && issued.grant.provider == p
          && issued.grant.clientId.equals(call.client.id)) {
        state.revoke(token);
      }
      return new MockResponse.Builder().code(200).setHeader("Cache-Control", "no-store").build();
    } catch (OAuthError e) {
      return e.response;
    }
  }

  private Call parse(Provider p, RecordedRequest request) throws OAuthError {
    Map<String, String> query = Wire.parseQuery(request.getUrl());
    String body = Wire.body(request);
    String type = Wire.mediaType(request);
    Map<String, String> bodyParams;
    if (body.isEmpty()) {
      if (!p.acceptsForm) {
        throw OAuthError.badRequest("invalid_request", p.displayName + "'s token endpoint takes "
            + p.bodyFormats() + "; the body is empty");
      }
      bodyParams = new LinkedHashMap<>();
    } else if (type == null) {
      throw OAuthError.badRequest("invalid_request", "Content-Type is missing; "
          + p.displayName + "'s token endpoint takes " + p.bodyFormats());
    } else if (type.equals(Wire.FORM)) {
      if (!p.acceptsForm) {
        throw OAuthError.badRequest("invalid_request", p.displayName + "'s token endpoint takes "
            + p.bodyFormats() + "; got " + Wire.FORM);
      }
      bodyParams = Wire.parseForm(body);
    } else if (type.equals(Wire.JSON)) {
      if (!p.acceptsJson) {
        throw OAuthError.badRequest("invalid_request", p.displayName + "'s token endpoint takes "
            + p.bodyFormats() + "; got " + Wire.JSON);
      }
      bodyParams = jsonParams(body);
    } else {
      throw OAuthError.badRequest("invalid_request", "unsupported Content-Type " + type + "; "
          + p.displayName + "'s token endpoint takes " + p.bodyFormats());
    }

    Map<String, String> params;
    if (p.queryAuth) {
      if (bodyParams.containsKey("client_id") || bodyParams.containsKey("client_secret")) {
        throw OAuthError.invalidClient(p.displayName + " does not read client credentials from "
            + "the form body; send them " + p.credentialsWhere, p.id);
      }
      params = new LinkedHashMap<>(query);
      for (Map.Entry<String, String> e : bodyParams.entrySet()) {
        if (params.put(e.getKey(), e.getValue()) != null) {
          throw OAuthError.badRequest("invalid_request", "parameter " + e.getKey()
              + " is in both the URL query and the body; send it once");
        }
      }
    } else {
      if (!query.isEmpty()) {
        throw OAuthError.badRequest("invalid_request", p.displayName + " reads token request "
            + "parameters from the body, not the URL query; move " + String.join(", ",
            query.keySet()) + " into " + p.bodyFormats());
      }
      params = bodyParams;
    }
    return new Call(params, authenticate(p, request, params));
  }

  private static Map<String, String> jsonParams(String body) throws OAuthError {
    Map<String, Object> json;
    try {
      json = Wire.parseJsonObject(body);
    } catch (java.io.IOException e) {
      throw OAuthError.badRequest("invalid_request", "the body is not a JSON object: "
          + e.getMessage());
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json.entrySet()) {
      Object value = e.getValue();
      if (value == null) continue;
      if (!(value instanceof String)) {
        String shown = value instanceof Double && (Double) value == Math.rint((Double) value)
            ? String.valueOf(((Double) value).longValue()) : Wire.toJson(value);
        throw OAuthError.badRequest("invalid_request", "JSON member " + e.getKey()
            + " must be a string; got " + shown);
      }
      if (!((String) value).isEmpty()) result.put(e.getKey(), (String) value);
    }
    return result;
  }

  private Client authenticate(Provider p, RecordedRequest request, Map<String, String> params)
      throws OAuthError {
    String realm = p.basicAuth ? p.id : null;
    String[] basic = Wire.basicCredentials(request, realm);
    String id;
    String secret;
    if (basic != null) {
      if (!p.basicAuth) {
        throw OAuthError.invalidClient(p.displayName + " does not accept HTTP Basic client "
            + "authentication; send the client credentials " + p.credentialsWhere, null);
      }
      if (params.containsKey("client_secret")) {
        throw OAuthError.badRequest("invalid_request", "client credentials were sent twice, in "
            + "the HTTP Basic header and in the request; use one method (RFC 6749 §2.3)");
      }
      if (params.containsKey("client_id") && !params.get("client_id").equals(basic[0])) {
        throw OAuthError.badRequest("invalid_request",
            "client_id in the request does not match the HTTP Basic credentials");
      }
      id = basic[0];
      secret = basic[1].isEmpty() ? null : basic[1];
    } else {
      id = params.get("client_id");
      secret = params.get("client_secret");
      if (id == null) {
        throw OAuthError.invalidClient("client authentication is required: send the client "
            + "credentials " + p.credentialsWhere, realm);
      }
    }
    Client client = state.client(p, id);
    if (client == null) {
      throw OAuthError.invalidClient("unknown client_id \"" + id + "\" for " + p.displayName
          + "; the demo client is " + DemoClients.forProvider(p.id).clientId(), realm);
    }
    if (client.isPublic()) {
      if (secret != null) {
        throw OAuthError.invalidClient("client " + id + " is a public client with no secret; "
            + "don't send client_secret", realm);
      }
    } else if (secret == null) {
      throw OAuthError.invalidClient("client_secret is missing for client " + id + "; send it "
          + p.credentialsWhere, realm);
    } else if (!MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
        client.secret.getBytes(StandardCharsets.UTF_8))) {
      throw OAuthError.invalidClient("client_secret is wrong for client " + id, realm);
    }
    return client;
  }

  private MockResponse authorizationCode(Provider p, Call call) throws OAuthError {
    String code = call.params.get("code");
    if (code == null) {
      throw OAuthError.badRequest("invalid_request",
          "code is missing; send the authorization code from the redirect");
    }
    AuthorizationCode issued = state.codes.get(code);
    if (issued == null || issued.grant.provider != p) {
      throw OAuthError.badRequest("invalid_grant", "the authorization code is unknown");
    }
    if (!issued.grant.clientId.equals(call.client.id)) {
      throw OAuthError.badRequest("invalid_grant",
          "the authorization code was issued to another client");
    }
    if (!issued.used.compareAndSet(false, true)) {
      issued.grant.revoked = true;
      throw OAuthError.badRequest("invalid_grant", "the authorization code was already used; "
          + "the tokens issued from it are now revoked (RFC 6749 §4.1.2)");
    }
    Instant now = state.now();
    if (!now.isBefore(issued.expiresAt)) {
      throw OAuthError.badRequest("invalid_grant", "the authorization code expired; codes live "
          + state.settings.codeLifetime.getSeconds() + " s, start the authorization again");
    }
    String redirectUri = call.params.get("redirect_uri");
    if (issued.redirectUri != null) {
      if (redirectUri == null) {
        throw OAuthError.badRequest("invalid_request", "redirect_uri is missing; send the same "
            + "redirect_uri as in the authorization request (RFC 6749 §4.1.3)");
      }
      if (!redirectUri.equals(issued.redirectUri)) {
        throw OAuthError.badRequest("invalid_grant", "redirect_uri does not match the one in "
            + "the authorization request (RFC 6749 §4.1.3): expected " + issued.redirectUri);
      }
    } else if (p == Provider.ORA && redirectUri == null) {
      throw OAuthError.badRequest("invalid_request", "redirect_uri is missing; Ora's token "
          + "request carries redirect_uri in the JSON body");
    }
    String verifier = call.params.get("code_verifier");
    if (issued.codeChallenge != null) {
      if (verifier == null) {
        throw OAuthError.badRequest("invalid_grant", "code_verifier is missing; the "
            + "authorization request carried a code_challenge (RFC 7636 §4.5)");
      }
      if (!CODE_VERIFIER.matcher(verifier).matches()) {
        throw OAuthError.badRequest("invalid_request", "code_verifier must be 43 to 128 "
            + "characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1)");
      }
      if (!MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
          issued.codeChallenge.getBytes(StandardCharsets.US_ASCII))) {
        throw OAuthError.badRequest("invalid_grant", "code_verifier does not match the "
            + "code_challenge: BASE64URL(SHA256(code_verifier)) must equal it (RFC 7636 §4.6)");
      }
    } else if (verifier != null) {
      throw OAuthError.badRequest("invalid_grant", "code_verifier was sent but the "
          + "authorization request carried no code_challenge (RFC 9700 §2.1.1)");
    }
    return tokenResponse(p, issued.grant, issued.grant.scopes, p.issuesRefresh, null);
  }

  private MockResponse refresh(Provider p, Call call) throws OAuthError {
    if (p == Provider.ORANGELOGIC && call.params.containsKey("refresh_token")) {
      throw OAuthError.badRequest("invalid_request", "Orange Logic reads the refresh token from"
          + " the code parameter: send the refresh token as code "
          + "(grant_type=refresh_token&code=...), not as refresh_token");
    }
    String value = call.params.get(p.refreshParam);
    if (value == null) {
      throw OAuthError.badRequest("invalid_request", p.refreshParam + " is missing; send the "
          + "refresh token as " + p.refreshParam);
    }
    IssuedToken token = state.tokens.get(value);
    if (token == null || !token.refresh || token.grant.provider != p) {
      throw OAuthError.badRequest("invalid_grant",
          "the refresh token is unknown; authorize again");
    }
    if (!token.grant.clientId.equals(call.client.id)) {
      throw OAuthError.badRequest("invalid_grant",
          "the refresh token was issued to another client");
    }
    if (token.isRevoked()) {
      throw OAuthError.badRequest("invalid_grant", token.rotated.get()
          ? "the refresh token was already used and rotated; use the newest refresh token"
          : "the refresh token was revoked; authorize again");
    }
    Instant now = state.now();
    if (token.isExpired(now)) {
      throw OAuthError.badRequest("invalid_grant", "the refresh token expired; authorize again");
    }
    List<String> scopes = token.grant.scopes;
    String scopeParam = call.params.get("scope");
    if (scopeParam != null) {
      scopes = AuthorizeEndpoint.scopes(scopeParam);
      String unknown = AuthorizeEndpoint.unknownScope(p, call.client, scopes);
      if (unknown != null) {
        throw OAuthError.badRequest("invalid_scope",
            AuthorizeEndpoint.scopeError(p, call.client, unknown));
      }
      for (String s : scopes) {
        if (!token.grant.scopes.contains(s)) {
          throw OAuthError.badRequest("invalid_scope", "scope \"" + s + "\" was not granted; a "
              + "refresh may only narrow the original scope (RFC 6749 §6)");
        }
      }
    }
    if (state.settings.rotate(p)) {
      if (!token.rotated.compareAndSet(false, true)) {
        throw OAuthError.badRequest("invalid_grant",
            "the refresh token was already used and rotated; use the newest refresh token");
      }
      token.revoked = true;
      return tokenResponse(p, token.grant, scopes, true, null);
    }
    // Without rotation the same refresh token stays valid, its lifetime counted from last use.
    token.expiresAt = now.plus(state.settings.refreshLifetime(p));
    return tokenResponse(p, token.grant, scopes, false, token.value);
  }

  private MockResponse clientCredentials(Provider p, Call call) throws OAuthError {
    if (call.client.isPublic()) {
      throw OAuthError.badRequest("unauthorized_client", "public client " + call.client.id
          + " cannot use client_credentials; it has no secret (RFC 6749 §4.4)");
    }
    String scopeParam = call.params.get("scope");
    List<String> scopes = AuthorizeEndpoint.scopes(scopeParam);
    String unknown = AuthorizeEndpoint.unknownScope(p, call.client, scopes);
    if (unknown != null) {
      throw OAuthError.badRequest("invalid_scope",
          AuthorizeEndpoint.scopeError(p, call.client, unknown));
    }
    Grant grant = new Grant(p, call.client.id, call.client.id, scopes, scopeParam != null);
    return tokenResponse(p, grant, scopes, p.refreshOnClientCredentials, null);
  }

  private MockResponse tokenResponse(Provider p, Grant grant, List<String> scopes,
      boolean newRefresh, String keptRefresh) {
    IssuedToken access = state.issue(grant, false, scopes);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", access.value);
    body.put("token_type", p.tokenType);
    body.put("expires_in", state.settings.accessLifetime(p).getSeconds());
    if (newRefresh) {
      body.put("refresh_token", state.issue(grant, true, grant.scopes).value);
    } else if (keptRefresh != null) {
      body.put("refresh_token", keptRefresh);
    }
    if (grant.scopeRequested && !scopes.isEmpty()) {
      body.put("scope", String.join(" ", new ArrayList<>(scopes)));
    }
    return Wire.json(200, body)
        .setHeader("Cache-Control", "no-store")
        .setHeader("Pragma", "no-cache")
        .build();
  }

  static String s256(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
