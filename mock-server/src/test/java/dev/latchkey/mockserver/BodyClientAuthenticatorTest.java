package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.TestRequests.form;
import static dev.latchkey.mockserver.TestRequests.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** {@link BodyClientAuthenticator}: what it finds where, and how it refuses. */
class BodyClientAuthenticatorTest {
  @Test void bodyReadsTheBodyOnlyAndAnIdAloneCounts() throws Exception {
    MockProvider both = MockProvider.ORGANIZATION_API.newBuilder().id("both")
        .clientAuthentication(MockProvider.ClientAuthMethod.BODY,
            MockProvider.ClientAuthMethod.QUERY).build();
    TokenRequest request = read(both, form("/both/oauth2/token?client_secret=q",
        "client_id=b"));
    ClientAuthenticator.Credentials c = new BodyClientAuthenticator().find(request);
    assertEquals("b", c.id);
    assertNull(c.secret);
    assertNull(new BodyClientAuthenticator().find(read(both,
        form("/both/oauth2/token?client_id=q", ""))));
  }

  @Test void bodyRefusalSaysWhichBody() {
    OAuthError e = new BodyClientAuthenticator().notAccepted(MockProvider.ORGANIZATION_API);
    TestRequests.assertError(e.response, 401, "invalid_client", "Organization API does not read"
        + " client credentials from the form body; send them in an HTTP Basic header (RFC 6749 "
        + "§2.3.1) or in the URL query (client_id, client_secret)");
    assertEquals("Basic realm=\"orgapi\"", e.response.getHeaders().get("WWW-Authenticate"));
  }
}
