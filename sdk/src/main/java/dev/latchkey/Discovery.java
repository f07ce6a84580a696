package dev.latchkey;

import dev.latchkey.OAuth2Exception;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Fetches RFC 8414 / OpenID Connect Discovery metadata. */
final class Discovery {
  private Discovery() {
  }

  /** The fields of a metadata document that Latchkey uses. */
  static final class Metadata {
    public String issuer;
    public String authorizationEndpoint;
    public String tokenEndpoint;
    public String userinfoEndpoint;
    public String revocationEndpoint;
    public String deviceAuthorizationEndpoint;
    public String jwksUri;
    public String endSessionEndpoint;
    public List<String> authMethods;
    public boolean issuerParameterSupported;
    /** The metadata of issue 16's extensions (PAR, mTLS, DPoP), read by {@link ProviderMetadata}. */
    public Map<String, Object> json;
  }

  /**
   * Tries, in order, RFC 8414 §3's inserted well-known path, the appended path OpenID Connect
   * and many servers use, and {@code openid-configuration}; the first 200 wins. Redirects are
   * not followed: the document must be where the issuer's URL says. When an RFC 8414 document
   * wins but lacks an OpenID-only field ({@code userinfo_endpoint}, {@code end_session_endpoint},
   * {@code jwks_uri}), the OpenID configuration fills it in, if it is served and names the same
   * issuer: a server that speaks both (Spring Authorization Server) lists those fields only
   * there.
   */
  static Metadata fetch(OkHttpClient httpClient, String issuer) throws IOException {
    HttpUrl issuerUrl = Urls.requireSecure(Urls.parse(issuer, "issuer"), "issuer");
    List<HttpUrl> candidates = new ArrayList<>();
    String path = issuerUrl.encodedPath();
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    candidates.add(issuerUrl.newBuilder()
        .encodedPath("/.well-known/oauth-authorization-server" + trimmed).build());
    HttpUrl appended = issuerUrl.newBuilder()
        .encodedPath(trimmed + "/.well-known/oauth-authorization-server").build();
    if (!candidates.contains(appended)) { // For a root issuer, inserted and appended coincide.
      candidates.add(appended);
    }
    candidates.add(issuerUrl.newBuilder()
        .encodedPath(trimmed + "/.well-known/openid-configuration").build());
    List<String> tried = new ArrayList<>();
    // A redirect could lead to plain http or to another server's document: never followed.
    OkHttpClient noRedirects = httpClient.newBuilder()
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
    HttpUrl openIdConfiguration = candidates.get(candidates.size() - 1);
    for (HttpUrl candidate : candidates) {
      Metadata metadata = fetchDocument(noRedirects, candidate, issuer, tried);
      if (metadata == null) {
        continue;
      }
      if (!candidate.equals(openIdConfiguration) && (metadata.userinfoEndpoint == null
          || metadata.endSessionEndpoint == null || metadata.jwksUri == null)) {
        Metadata openId = fetchDocument(noRedirects, openIdConfiguration, issuer, tried);
        if (openId != null) {
          addOpenIdFields(metadata, openId);
        }
      }
      return metadata;
    }
    throw new OAuth2Exception("No authorization server metadata found for issuer \"" + issuer
        + "\"; tried " + tried + ". Check the issuer URL, or configure the endpoints with"
        + " Provider.standard(...)");
  }

  /** The document at {@code url}, or null (noted in {@code tried}) if it is not served. */
  private static Metadata fetchDocument(OkHttpClient noRedirects, HttpUrl url, String issuer,
      List<String> tried) throws IOException {
    Request request = new Request.Builder().url(url).header("Accept", "application/json").build();
    try (Response response = noRedirects.newCall(request).execute()) {
      if (response.isRedirect()) {
        HttpUrl location = response.header("Location") == null ? null
            : url.resolve(response.header("Location"));
        tried.add(Urls.redact(url) + " (HTTP " + response.code() + " redirect"
            + (location == null ? "" : " to " + Urls.redact(location)) + ", not followed)");
        return null;
      }
      if (response.code() != 200) {
        tried.add(Urls.redact(url) + " (HTTP " + response.code() + ")");
        return null;
      }
      Map<String, Object> json = JsonBodies.readObject(response, "metadata document");
      return toMetadata(json, issuer, response);
    }
  }

  /**
   * Fills in the OpenID-only fields {@code metadata} lacks from the OpenID configuration, which
   * {@link #toMetadata} has checked like the first document (same issuer, usable endpoints).
   */
  private static void addOpenIdFields(Metadata metadata, Metadata openId) {
    if (metadata.userinfoEndpoint == null) {
      metadata.userinfoEndpoint = openId.userinfoEndpoint;
    }
    if (metadata.endSessionEndpoint == null) {
      metadata.endSessionEndpoint = openId.endSessionEndpoint;
    }
    if (metadata.jwksUri == null) {
      metadata.jwksUri = openId.jwksUri;
    }
  }

  private static Metadata toMetadata(Map<String, Object> json, String issuer, Response response)
      throws IOException {
    Metadata metadata = new Metadata();
    metadata.issuer = string(json, "issuer");
    if (metadata.issuer == null || !stripSlash(metadata.issuer).equals(stripSlash(issuer))) {
      throw new MalformedResponseException("Metadata issuer \"" + metadata.issuer
          + "\" does not match the requested issuer \"" + issuer
          + "\" (RFC 8414 §3.3); refusing the document", response.code(),
          response.header("Content-Type"), null);
    }
    metadata.json = json;
    ProviderMetadata.validate(json, issuer, response);
    metadata.authorizationEndpoint = string(json, "authorization_endpoint");
    metadata.tokenEndpoint = string(json, "token_endpoint");
    metadata.userinfoEndpoint = string(json, "userinfo_endpoint");
    metadata.revocationEndpoint = string(json, "revocation_endpoint");
    metadata.deviceAuthorizationEndpoint = string(json, "device_authorization_endpoint");
    metadata.jwksUri = string(json, "jwks_uri");
    metadata.endSessionEndpoint = string(json, "end_session_endpoint");
    metadata.issuerParameterSupported =
        Boolean.TRUE.equals(json.get("authorization_response_iss_parameter_supported"));
    Object methods = json.get("token_endpoint_auth_methods_supported");
    if (methods instanceof List) {
      List<String> list = new ArrayList<>();
      for (Object method : (List<?>) methods) {
        list.add(String.valueOf(method));
      }
      metadata.authMethods = list;
    }
    if (metadata.tokenEndpoint == null) {
      throw new MalformedResponseException("Metadata for \"" + issuer
          + "\" has no token_endpoint", response.code(), response.header("Content-Type"), null);
    }
    // The document is remote input: a bad endpoint in it is a bad answer, not a caller's mistake.
    requireEndpoint(metadata.authorizationEndpoint, "authorizationEndpoint", issuer, response);
    requireEndpoint(metadata.tokenEndpoint, "tokenEndpoint", issuer, response);
    requireEndpoint(metadata.userinfoEndpoint, "userinfoEndpoint", issuer, response);
    requireEndpoint(metadata.revocationEndpoint, "revocationEndpoint", issuer, response);
    requireEndpoint(metadata.deviceAuthorizationEndpoint, "deviceAuthorizationEndpoint", issuer,
        response);
    requireEndpoint(metadata.jwksUri, "jwksUri", issuer, response);
    requireEndpoint(metadata.endSessionEndpoint, "endSessionEndpoint", issuer, response);
    return metadata;
  }

  private static void requireEndpoint(String url, String name, String issuer, Response response)
      throws MalformedResponseException {
    if (url == null) {
      return;
    }
    try {
      Urls.requireSecure(Urls.parse(url, name), name);
    } catch (IllegalArgumentException e) {
      throw new MalformedResponseException("Metadata for \"" + issuer + "\" lists an unusable "
          + name + ": " + e.getMessage(), response.code(), response.header("Content-Type"), null);
    }
  }

  private static String string(Map<String, Object> json, String name) {
    Object value = json.get(name);
    return value instanceof String ? (String) value : null;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
