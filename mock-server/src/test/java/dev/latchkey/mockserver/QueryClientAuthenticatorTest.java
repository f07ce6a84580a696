package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.TestRequests.form;
import static dev.latchkey.mockserver.TestRequests.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** {@link QueryClientAuthenticator}: what it finds where, and how it refuses. */
class QueryClientAuthenticatorTest {
  @Test void queryReadsTheUrlQueryOnly() throws Exception {
    TokenRequest request = read(MockProvider.ORGANIZATION_API,
        form("/orgapi/oauth2/token?client_id=q&client_secret=s", "grant_type=client_credentials"));
    ClientAuthenticator.Credentials c = new QueryClientAuthenticator().find(request);
    assertEquals("q", c.id);
    assertEquals("s", c.secret);
    assertNull(new QueryClientAuthenticator().find(read(MockProvider.ORGANIZATION_API,
        form("/orgapi/oauth2/token", "grant_type=client_credentials"))));
  }

  @Test void queryRefusalNamesTheQuery() {
    MockProvider basicOnly = MockProvider.builder("acme")
        .clientAuthentication(MockProvider.ClientAuthMethod.BASIC).build();
    OAuthError e = new QueryClientAuthenticator().notAccepted(basicOnly);
    TestRequests.assertError(e.response, 401, "invalid_client", "acme does not read client "
        + "credentials from the URL query; send them in an HTTP Basic header (client_id, "
        + "client_secret)");
  }
}
