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
   * not followed: the document must be where the issuer's URL says.
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
    for (HttpUrl candidate : candidates) {
      Request request = new Request.Builder().url(candidate)
          .header("Accept", "application/json").build();
      try (Response response = noRedirects.newCall(request).execute()) {
        if (response.isRedirect()) {
          HttpUrl location = response.header("Location") == null ? null
              : candidate.resolve(response.header("Location"));
          tried.add(Urls.redact(candidate) + " (HTTP " + response.code() + " redirect"
              + (location == null ? "" : " to " + Urls.redact(location)) + ", not followed)");
          continue;
        }
        if (response.code() != 200) {
          tried.add(Urls.redact(candidate) + " (HTTP " + response.code() + ")");
          continue;
        }
        Map<String, Object> json = JsonBodies.readObject(response, "metadata document");
        return toMetadata(json, issuer, response);
      }
    }
    throw new OAuth2Exception("No authorization server metadata found for issuer \"" + issuer
        + "\"; tried " + tried + ". Check the issuer URL, or configure the endpoints with"
        + " Provider.standard(...)");
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
