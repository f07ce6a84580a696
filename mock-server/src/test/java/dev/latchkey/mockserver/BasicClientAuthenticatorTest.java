package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.TestRequests.basic;
import static dev.latchkey.mockserver.TestRequests.form;
import static dev.latchkey.mockserver.TestRequests.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link BasicClientAuthenticator}: what it finds where, and how it refuses. */
class BasicClientAuthenticatorTest {
  private static final String ORGO_TOKEN = "/orgo/oauth/token";

  @Test void basicDecodesEachHalfAsFormUrlEncoded() throws Exception {
    TokenRequest request = read(MockProvider.ORGO, form(ORGO_TOKEN, "grant_type=x",
        "Authorization", basic("my%3Aclient", "s%2Bcret")));
    ClientAuthenticator.Credentials c = new BasicClientAuthenticator().find(request);
    assertEquals("my:client", c.id);
    assertEquals("s+cret", c.secret);
    assertEquals(MockProvider.ClientAuthMethod.BASIC, c.method);
  }

  @Test void basicFindsNothingWithoutTheHeaderOrWithAnotherScheme() throws Exception {
    BasicClientAuthenticator basic = new BasicClientAuthenticator();
    assertNull(basic.find(read(MockProvider.ORGO, form(ORGO_TOKEN, "client_id=a"))));
    assertNull(basic.find(read(MockProvider.ORGO, form(ORGO_TOKEN, "",
        "Authorization", "Bearer abc"))));
  }

  @Test void basicThatIsNotBase64IsInvalidClientWithTheProvidersRealm() throws Exception {
    TokenRequest request = read(MockProvider.ORGO, form(ORGO_TOKEN, "",
        "Authorization", "Basic !!!"));
    OAuthError e = assertThrows(OAuthError.class,
        () -> new BasicClientAuthenticator().find(request));
    TestRequests.assertError(e.response, 401, "invalid_client",
        "the Basic credentials are not valid Base64");
    assertEquals("Basic realm=\"orgo\"", e.response.getHeaders().get("WWW-Authenticate"));
  }

  @Test void basicRefusalNamesWhereTheProviderTakesCredentials() {
    OAuthError e = new BasicClientAuthenticator().notAccepted(MockProvider.ORA);
    TestRequests.assertError(e.response, 401, "invalid_client", "Ora does not accept HTTP Basic "
        + "client authentication; send the client credentials in the JSON body (client_id, "
        + "client_secret)");
    assertNull(e.response.getHeaders().get("WWW-Authenticate"));
  }
}
