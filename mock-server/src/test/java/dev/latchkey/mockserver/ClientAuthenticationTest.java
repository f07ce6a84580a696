package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.TestRequests.basic;
import static dev.latchkey.mockserver.TestRequests.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Choosing among the authenticators and checking the client they name. */
class ClientAuthenticationTest {
  private static final MockProvider ACME = MockProvider.builder("acme")
      .clientAuthentication(MockProvider.ClientAuthMethod.BASIC).build();
  private final ServerState state = TestRequests.state(ACME);
  private final ClientAuthentication auth = new ClientAuthentication(state);

  Client authenticate(MockProvider p, mockwebserver3.RecordedRequest request) throws OAuthError {
    return auth.authenticate(TokenRequest.read(p, request));
  }

  OAuthError refused(MockProvider p, mockwebserver3.RecordedRequest request) {
    return assertThrows(OAuthError.class, () -> authenticate(p, request));
  }

  @Test void aProviderOfYourOwnAuthenticatesItsDemoClient() throws Exception {
    Client c = authenticate(ACME, form("/acme/token", "",
        "Authorization", basic("acme-demo-client", "acme-demo-secret")));
    assertEquals("acme-demo-client", c.id);
    assertEquals("acme", c.provider.id);
  }

  @Test void aMethodTheProviderRefusesIsRefusedEvenWithGoodCredentials() {
    OAuthError e = refused(ACME, form("/acme/token",
        "client_id=acme-demo-client&client_secret=acme-demo-secret"));
    TestRequests.assertError(e.response, 401, "invalid_client", "acme does not read client "
        + "credentials from the form body; send them in an HTTP Basic header (client_id, "
        + "client_secret)");
  }

  @Test void credentialsSentTwiceAreInvalidRequest() {
    OAuthError e = refused(MockProvider.ORGO, form("/orgo/oauth/token",
        "client_secret=orgo-demo-secret", "Authorization", basic("orgo-demo-client",
        "orgo-demo-secret")));
    TestRequests.assertError(e.response, 400, "invalid_request", "client credentials were sent"
        + " twice, in the HTTP Basic header and in the request; use one method (RFC 6749 §2.3)");
  }

  @Test void aClientIdBesideBasicMustMatchIt() throws Exception {
    assertEquals("orgo-demo-client", authenticate(MockProvider.ORGO, form("/orgo/oauth/token",
        "client_id=orgo-demo-client", "Authorization", basic("orgo-demo-client",
        "orgo-demo-secret"))).id);
    OAuthError e = refused(MockProvider.ORGO, form("/orgo/oauth/token", "client_id=other",
        "Authorization", basic("orgo-demo-client", "orgo-demo-secret")));
    TestRequests.assertError(e.response, 400, "invalid_request",
        "client_id in the request does not match the HTTP Basic credentials");
  }

  @Test void noCredentialsSaysWhereTheyGo() {
    OAuthError e = refused(MockProvider.ONNA, form("/onna/v1/oauth/token", "client_secret=x"));
    TestRequests.assertError(e.response, 401, "invalid_client", "client authentication is "
        + "required: send the client credentials in the form body (client_id, client_secret)");
  }

  @Test void anUnknownClientNamesTheDemoClientAndAWrongSecretIsRefused() {
    TestRequests.assertError(refused(ACME, form("/acme/token", "",
        "Authorization", basic("nobody", "x"))).response, 401, "invalid_client",
        "unknown client_id \"nobody\" for acme; the demo client is acme-demo-client");
    TestRequests.assertError(refused(ACME, form("/acme/token", "",
        "Authorization", basic("acme-demo-client", "wrong"))).response, 401, "invalid_client",
        "client_secret is wrong for client acme-demo-client");
  }

  @Test void aPublicClientMustNotSendASecret() throws Exception {
    assertEquals("standard-public-client", authenticate(MockProvider.STANDARD,
        form("/standard/token", "client_id=standard-public-client")).id);
    TestRequests.assertError(refused(MockProvider.STANDARD, form("/standard/token",
        "client_id=standard-public-client&client_secret=x")).response, 401, "invalid_client",
        "client standard-public-client is a public client with no secret; don't send "
        + "client_secret");
  }
}
