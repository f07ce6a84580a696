package dev.latchkey.constraints;

import static dev.latchkey.testing.WireTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.MalformedResponseException;
import dev.latchkey.Provider;
import java.util.Arrays;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery reads the metadata of PAR, mutual TLS and DPoP (RFC 9126 §5, 8705 §5, 9449 §5.1). */
final class ExtensionMetadataTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void setUp() throws Exception {
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private String issuer() {
    return server.url("/").toString().replaceAll("/$", "");
  }

  private Provider discover(String extra) throws Exception {
    server.enqueue(json(200, "{\"issuer\":\"" + issuer() + "\",\"token_endpoint\":\""
        + server.url("/token") + "\",\"authorization_endpoint\":\"" + server.url("/authorize")
        + "\"" + extra + "}"));
    // No OpenID fields in it: discovery asks for the OpenID configuration too.
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(404).build());
    return Provider.discover(new OkHttpClient(), issuer());
  }

  @Test
  void readsParMtlsAliasesAndDpopAlgorithms() throws Exception {
    Provider provider = discover(",\"pushed_authorization_request_endpoint\":\""
        + server.url("/par") + "\",\"require_pushed_authorization_requests\":true,"
        + "\"mtls_endpoint_aliases\":{\"token_endpoint\":\"" + server.url("/mtls/token")
        + "\",\"revocation_endpoint\":\"" + server.url("/mtls/revoke") + "\"},"
        + "\"dpop_signing_alg_values_supported\":[\"EdDSA\",\"PS256\",\"ES256\"]");
    assertEquals(server.url("/par"), provider.pushedAuthorizationRequestEndpoint());
    assertTrue(provider.pushedAuthorizationRequired());
    assertEquals(server.url("/mtls/token"), provider.mtlsEndpointAliases().get("token_endpoint"));
    assertEquals(server.url("/mtls/revoke"),
        provider.mtlsEndpointAliases().get("revocation_endpoint"));
    assertEquals(Arrays.asList("EdDSA", "PS256", "ES256"), provider.dpopSigningAlgorithms());
    Provider copy = provider.newBuilder().build();
    assertEquals(provider.mtlsEndpointAliases(), copy.mtlsEndpointAliases());
    assertTrue(copy.pushedAuthorizationRequired());
  }

  @Test
  void withoutTheFieldsNothingIsRequired() throws Exception {
    Provider provider = discover("");
    assertEquals(null, provider.pushedAuthorizationRequestEndpoint());
    assertTrue(!provider.pushedAuthorizationRequired());
    assertTrue(provider.mtlsEndpointAliases().isEmpty());
    assertTrue(provider.dpopSigningAlgorithms().isEmpty());
  }

  @Test
  void anInsecureAliasIsAMalformedDocument() {
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> discover(",\"mtls_endpoint_aliases\":{\"token_endpoint\":"
            + "\"http://mtls.example.com/token\"}"));
    assertTrue(e.getMessage().startsWith("Metadata for \"" + issuer() + "\" is unusable:"
        + " token_endpoint must use https"), e.getMessage());
  }
}
