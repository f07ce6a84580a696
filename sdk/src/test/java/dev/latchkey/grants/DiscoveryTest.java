package dev.latchkey.grants;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.Dialect;
import dev.latchkey.InvalidCallbackException;
import dev.latchkey.MalformedResponseException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Provider;
import static dev.latchkey.testing.WireTestSupport.HTTP;
import static dev.latchkey.testing.WireTestSupport.json;
import static dev.latchkey.testing.WireTestSupport.okCallback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.InvalidCallbackException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Provider#discover}: RFC 8414 metadata, where it is looked for, and what is refused. */
final class DiscoveryTest {
  private final MockWebServer server = new MockWebServer();
  /** Documents by request path; anything else is a 404. */
  private final Map<String, MockResponse> documents = new ConcurrentHashMap<>();
  private final List<String> paths = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        paths.add(request.getTarget());
        MockResponse document = documents.get(request.getTarget());
        return document != null ? document : new MockResponse.Builder().code(404).build();
      }
    });
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  /** The issuer identifier of this server plus {@code path}, without a trailing slash. */
  private String issuer(String path) {
    String root = server.url("/").toString();
    return root.substring(0, root.length() - 1) + path;
  }

  private static MockResponse metadata(String issuer, String extra) {
    return json(200, "{\"issuer\":\"" + issuer + "\","
        + "\"authorization_endpoint\":\"" + issuer + "/authorize\","
        + "\"token_endpoint\":\"" + issuer + "/token\""
        + (extra.isEmpty() ? "" : "," + extra) + "}");
  }

  @Test
  void rootIssuerReadsWellKnownDocument() throws Exception {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server", metadata(issuer,
        "\"userinfo_endpoint\":\"" + issuer + "/userinfo\","
            + "\"revocation_endpoint\":\"" + issuer + "/revoke\","
            + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\","
            + "\"client_secret_post\"]"));

    Provider provider = Provider.discover(HTTP, issuer);

    // No jwks_uri nor end_session_endpoint: the OpenID configuration is asked for them (404).
    assertEquals(Arrays.asList("/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration"), paths);
    assertEquals(issuer, provider.issuer());
    assertEquals("localhost", provider.name());
    assertEquals(server.url("/authorize"), provider.authorizationEndpoint());
    assertEquals(server.url("/token"), provider.tokenEndpoint());
    assertEquals(server.url("/userinfo"), provider.userinfoEndpoint());
    assertEquals(server.url("/revoke"), provider.revocationEndpoint());
    // Both methods advertised: keep probing automatically.
    assertEquals(Dialect.standard(), provider.dialect());
    assertFalse(provider.issuerParameterRequired());
    assertEquals("application/json", server.takeRequest().getHeaders().get("Accept"));
  }

  @Test
  void readsDeviceJwksAndEndSessionEndpoints() throws Exception {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server", metadata(issuer,
        "\"device_authorization_endpoint\":\"" + issuer + "/device\","
            + "\"userinfo_endpoint\":\"" + issuer + "/userinfo\","
            + "\"jwks_uri\":\"" + issuer + "/jwks\","
            + "\"end_session_endpoint\":\"" + issuer + "/logout\""));
    Provider provider = Provider.discover(HTTP, issuer);
    // Nothing OpenID-only is missing: the OpenID configuration is not asked.
    assertEquals(Collections.singletonList("/.well-known/oauth-authorization-server"), paths);
    assertEquals(server.url("/device"), provider.deviceAuthorizationEndpoint());
    assertEquals(server.url("/jwks"), provider.jwksUri());
    assertEquals(server.url("/logout"), provider.endSessionEndpoint());
    assertEquals(provider.jwksUri(), provider.newBuilder().build().jwksUri());
  }

  @Test
  void refusesAPlainHttpJwksUri() {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server", metadata(issuer,
        "\"jwks_uri\":\"http://keys.example.com/jwks\""));
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> Provider.discover(HTTP, issuer));
    assertTrue(e.getMessage().contains("lists an unusable jwksUri"), e.getMessage());
  }

  @Test
  void metadataPromisingIssMakesCallbacksCarryIt() throws Exception {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server", metadata(issuer,
        "\"authorization_response_iss_parameter_supported\":true"));

    assertTrue(Provider.discover(HTTP, issuer).issuerParameterRequired());
  }

  @Test
  void issuerWithPathUsesInsertedWellKnownPath() throws Exception {
    String issuer = issuer("/tenants/acme");
    documents.put("/.well-known/oauth-authorization-server/tenants/acme", metadata(issuer, ""));

    Provider provider = Provider.discover(HTTP, issuer);

    assertEquals(Arrays.asList("/.well-known/oauth-authorization-server/tenants/acme",
        "/tenants/acme/.well-known/openid-configuration"), paths);
    assertEquals(server.url("/tenants/acme/token"), provider.tokenEndpoint());
  }

  @Test
  void issuerWithPathFallsBackToAppendedWellKnownPath() throws Exception {
    String issuer = issuer("/tenants/acme");
    documents.put("/tenants/acme/.well-known/oauth-authorization-server", metadata(issuer, ""));

    Provider provider = Provider.discover(HTTP, issuer);

    assertEquals(Arrays.asList("/.well-known/oauth-authorization-server/tenants/acme",
        "/tenants/acme/.well-known/oauth-authorization-server",
        "/tenants/acme/.well-known/openid-configuration"), paths);
    assertEquals(server.url("/tenants/acme/authorize"), provider.authorizationEndpoint());
    assertEquals(issuer, provider.issuer());
  }

  @Test
  void issuerWithTrailingSlashFindsTheSameDocuments() throws Exception {
    String issuer = issuer("/tenants/acme");
    documents.put("/tenants/acme/.well-known/oauth-authorization-server", metadata(issuer, ""));

    Provider provider = Provider.discover(HTTP, issuer + "/");

    assertEquals(server.url("/tenants/acme/token"), provider.tokenEndpoint());
  }

  @Test
  void fallsBackToOpenIdConfiguration() throws Exception {
    String issuer = issuer("/oidc");
    documents.put("/oidc/.well-known/openid-configuration", metadata(issuer, ""));

    Provider provider = Provider.discover(HTTP, issuer);

    assertEquals(Arrays.asList("/.well-known/oauth-authorization-server/oidc",
        "/oidc/.well-known/oauth-authorization-server", "/oidc/.well-known/openid-configuration"),
        paths);
    assertEquals(server.url("/oidc/token"), provider.tokenEndpoint());
  }

  /** Interop finding 2: Spring Authorization Server lists OpenID's fields only in OpenID's. */
  @Test
  void openIdOnlyFieldsTheRfc8414DocumentLacksComeFromTheOpenIdConfiguration()
      throws Exception {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server", metadata(issuer,
        "\"userinfo_endpoint\":\"" + issuer + "/userinfo\","
            + "\"revocation_endpoint\":\"" + issuer + "/revoke\""));
    documents.put("/.well-known/openid-configuration", json(200, "{\"issuer\":\"" + issuer
        + "\",\"authorization_endpoint\":\"" + issuer + "/oidc/authorize\","
        + "\"token_endpoint\":\"" + issuer + "/oidc/token\","
        + "\"userinfo_endpoint\":\"" + issuer + "/oidc/userinfo\","
        + "\"jwks_uri\":\"" + issuer + "/jwks\","
        + "\"end_session_endpoint\":\"" + issuer + "/logout\"}"));

    Provider provider = Provider.discover(HTTP, issuer);

    assertEquals(Arrays.asList("/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration"), paths);
    assertEquals(server.url("/jwks"), provider.jwksUri());
    assertEquals(server.url("/logout"), provider.endSessionEndpoint());
    // What the RFC 8414 document lists, it decides.
    assertEquals(server.url("/userinfo"), provider.userinfoEndpoint());
    assertEquals(server.url("/token"), provider.tokenEndpoint());
    assertEquals(server.url("/authorize"), provider.authorizationEndpoint());
    assertEquals(server.url("/revoke"), provider.revocationEndpoint());
  }

  @Test
  void openIdConfigurationNamingAnotherIssuerIsRefused() {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server", metadata(issuer, ""));
    documents.put("/.well-known/openid-configuration", metadata("https://evil.example.com",
        "\"userinfo_endpoint\":\"https://evil.example.com/userinfo\""));

    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> Provider.discover(HTTP, issuer));

    assertEquals("Metadata issuer \"https://evil.example.com\" does not match the requested"
        + " issuer \"" + issuer + "\" (RFC 8414 §3.3); refusing the document", e.getMessage());
  }

  @Test
  void openIdConfigurationWithAPlainHttpEndpointIsRefused() {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server", metadata(issuer, ""));
    documents.put("/.well-known/openid-configuration", metadata(issuer,
        "\"jwks_uri\":\"http://keys.example.com/jwks\""));

    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> Provider.discover(HTTP, issuer));

    assertTrue(e.getMessage().contains("lists an unusable jwksUri"), e.getMessage());
  }

  @Test
  void rootIssuerTriesEachWellKnownUrlOnce() {
    String issuer = issuer("");
    OAuth2Exception e = assertThrows(OAuth2Exception.class,
        () -> Provider.discover(HTTP, issuer));

    assertEquals(Arrays.asList("/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration"), paths);
    assertEquals("No authorization server metadata found for issuer \"" + issuer + "\"; tried ["
        + issuer + "/.well-known/oauth-authorization-server (HTTP 404), "
        + issuer + "/.well-known/openid-configuration (HTTP 404)]. Check the issuer URL, or"
        + " configure the endpoints with Provider.standard(...)", e.getMessage());
  }

  /** Issue 14 item 5: a redirect may lead to plain http or to another server's document. */
  @Test
  void redirectsAreNotFollowed() {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server", new MockResponse.Builder()
        .code(302).setHeader("Location", "/moved?from=discovery").build());
    documents.put("/moved?from=discovery", metadata(issuer, ""));

    OAuth2Exception e = assertThrows(OAuth2Exception.class,
        () -> Provider.discover(HTTP, issuer));

    assertEquals(Arrays.asList("/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration"), paths);
    assertEquals("No authorization server metadata found for issuer \"" + issuer + "\"; tried ["
        + issuer + "/.well-known/oauth-authorization-server (HTTP 302 redirect to " + issuer
        + "/moved, not followed), " + issuer + "/.well-known/openid-configuration (HTTP 404)]."
        + " Check the issuer URL, or configure the endpoints with Provider.standard(...)",
        e.getMessage());
  }

  /** Issue 14 item 5: a .localhost name is loopback only if it resolves to loopback. */
  @Test
  void aLocalhostSubdomainIsLoopbackOnlyIfItResolvesThere() throws Exception {
    String host = "latchkey-unresolvable-test.localhost";
    boolean loopbackOnly;
    try {
      loopbackOnly = Arrays.stream(java.net.InetAddress.getAllByName(host))
          .allMatch(java.net.InetAddress::isLoopbackAddress);
    } catch (java.net.UnknownHostException unresolvable) {
      loopbackOnly = false;
    }
    org.junit.jupiter.api.Assumptions.assumeFalse(loopbackOnly,
        "this machine's resolver maps " + host + " to loopback, as RFC 6761 asks");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Provider.discover(HTTP, "http://" + host + "/"));

    assertEquals("issuer must use https: \"http://" + host + "/\"; plain http is allowed only"
        + " for loopback hosts (localhost, 127.0.0.1, ::1)", e.getMessage());
    assertEquals(Collections.emptyList(), paths);
  }

  @Test
  void issuerMismatchIsRefused() {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server",
        metadata("https://evil.example.com", ""));

    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> Provider.discover(HTTP, issuer));

    assertEquals("Metadata issuer \"https://evil.example.com\" does not match the requested"
        + " issuer \"" + issuer + "\" (RFC 8414 §3.3); refusing the document", e.getMessage());
    assertEquals(200, e.httpStatus());
  }

  @Test
  void issuerOfAnotherTenantIsRefused() {
    String issuer = issuer("/tenants/acme");
    documents.put("/.well-known/oauth-authorization-server/tenants/acme",
        metadata(issuer("/tenants/other"), ""));

    assertThrows(MalformedResponseException.class, () -> Provider.discover(HTTP, issuer));
  }

  @Test
  void missingIssuerIsRefused() {
    documents.put("/.well-known/oauth-authorization-server",
        json(200, "{\"token_endpoint\":\"" + issuer("/token") + "\"}"));
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> Provider.discover(HTTP, issuer("")));
    assertTrue(e.getMessage().startsWith("Metadata issuer \"null\" does not match"),
        e.getMessage());
  }

  @Test
  void missingTokenEndpointIsRefused() {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server",
        json(200, "{\"issuer\":\"" + issuer + "\"}"));
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> Provider.discover(HTTP, issuer));
    assertEquals("Metadata for \"" + issuer + "\" has no token_endpoint", e.getMessage());
  }

  @Test
  void plainHttpEndpointInMetadataIsRefused() {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server", json(200, "{\"issuer\":\""
        + issuer + "\",\"token_endpoint\":\"http://tokens.example.com/token\"}"));
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> Provider.discover(HTTP, issuer));
    assertEquals("Metadata for \"" + issuer + "\" lists an unusable tokenEndpoint:"
        + " tokenEndpoint must use https: \"http://tokens.example.com/token\"; plain http is"
        + " allowed only for loopback hosts (localhost, 127.0.0.1, ::1)", e.getMessage());
    assertEquals(200, e.httpStatus());
  }

  @Test
  void htmlInsteadOfMetadataIsMalformed() {
    documents.put("/.well-known/oauth-authorization-server", new MockResponse.Builder()
        .code(200).addHeader("Content-Type", "text/html").body("<html>hi</html>").build());
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> Provider.discover(HTTP, issuer("")));
    assertTrue(e.getMessage().contains("is an HTML page, not JSON (HTTP 200, Content-Type"
        + " text/html)"), e.getMessage());
  }

  @Test
  void postOnlyMetadataSelectsParametersAndBasicOnlySelectsBasic() throws Exception {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server", metadata(issuer,
        "\"token_endpoint_auth_methods_supported\":[\"client_secret_post\"]"));
    assertEquals(Dialect.ClientAuthentication.PARAMETERS,
        Provider.discover(HTTP, issuer).dialect().clientAuthentication());

    documents.put("/.well-known/oauth-authorization-server", metadata(issuer,
        "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"]"));
    assertEquals(Dialect.ClientAuthentication.BASIC,
        Provider.discover(HTTP, issuer).dialect().clientAuthentication());
  }

  @Test
  void nonHttpsIssuerIsRefusedBeforeAnyRequest() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Provider.discover(HTTP, "http://id.example.com"));
    assertEquals("issuer must use https: \"http://id.example.com/\"; plain http is allowed only"
        + " for loopback hosts (localhost, 127.0.0.1, ::1)", e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void discoveredIssuerIsCheckedOnCallbacks() throws Exception {
    String issuer = issuer("");
    documents.put("/.well-known/oauth-authorization-server", metadata(issuer, ""));
    Provider provider = Provider.discover(HTTP, issuer);
    try (OAuth2Client client = OAuth2Client.builder().provider(provider).clientId("c")
        .redirectUri("https://app.example/cb").httpClient(HTTP).build()) {
      AuthorizationRequest request = client.newAuthorizationRequest().build();
      assertEquals("/authorize", request.url().encodedPath());
      InvalidCallbackException e = assertThrows(InvalidCallbackException.class,
          () -> client.exchange(request, okCallback(request, "code")
              + "&iss=https%3A%2F%2Fmix-up.example"));
      assertEquals(Reason.ISSUER_MISMATCH, e.reason());
      assertNull(documents.get("/token"));
    }
  }
}
