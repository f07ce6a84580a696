package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.latchkey.Dialect;
import dev.latchkey.Provider;
import dev.latchkey.interop.server.InteropServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Provider.discover against the metadata SAS publishes (RFC 8414 and OpenID Discovery). */
class DiscoveryInteropTest {
  private final InteropServer server = InteropServer.shared();

  @Test
  void discoverReadsEveryEndpointFromSasMetadata() throws Exception {
    Provider sas = Provider.discover(new OkHttpClient(), server.issuer());

    assertEquals(server.issuer(), sas.issuer());
    assertEquals(server.url("/oauth2/authorize"), sas.authorizationEndpoint().toString());
    assertEquals(server.url("/oauth2/token"), sas.tokenEndpoint().toString());
    assertEquals(server.url("/oauth2/revoke"), sas.revocationEndpoint().toString());
    assertEquals(server.url("/oauth2/device_authorization"),
        sas.deviceAuthorizationEndpoint().toString());
    // SAS's RFC 8414 document has no userinfo_endpoint nor end_session_endpoint: discovery
    // takes them from its OpenID configuration (finding 2).
    assertEquals(server.url("/userinfo"), sas.userinfoEndpoint().toString());
    assertEquals(server.url("/connect/logout"), sas.endSessionEndpoint().toString());
    assertEquals(server.url("/oauth2/jwks"), sas.jwksUri().toString());
    // SAS lists client_secret_basic and client_secret_post (and more): the dialect auto-detects.
    assertEquals(Dialect.ClientAuthentication.AUTO, sas.dialect().clientAuthentication());
  }

  @Test
  void sasDoesNotAnnounceTheIssParameterSoDiscoveryDoesNotRequireIt() throws Exception {
    // SAS 7.0 neither sends iss in authorization responses nor sets
    // authorization_response_iss_parameter_supported (RFC 9207 §3).
    Provider sas = Provider.discover(new OkHttpClient(), server.issuer());

    assertFalse(sas.issuerParameterRequired());
  }

  @Test
  void discoverAcceptsTheIssuerWithATrailingSlash() throws Exception {
    Provider sas = Provider.discover(new OkHttpClient(), server.issuer() + "/");

    assertEquals(server.url("/oauth2/token"), sas.tokenEndpoint().toString());
  }
}
