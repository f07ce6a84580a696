package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropServer;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * Pushed authorization requests (RFC 9126) for the client SAS (with the fixture's filter)
 * serves only through PAR: the browser carries nothing but the {@code request_uri}.
 */
class ParInteropTest {
  private final InteropServer server = Interop.server();

  private OAuth2Client client(boolean parRequired) {
    return Interop.client(InteropClients.PAR_REQUIRED)
        .provider(Interop.provider().newBuilder().pushedAuthorizationRequired(parRequired).build())
        .redirectUri(InteropClients.REDIRECT_URI).scopes("api.read").build();
  }

  private List<InteropServer.Exchange> pushes() {
    return server.exchanges(e -> e.path().equals("/oauth2/par")
        && InteropClients.PAR_REQUIRED.equals(e.clientId()));
  }

  @Test
  void pushedRequestIsServedAndItsCodeExchanged() throws Exception {
    try (OAuth2Client client = client(false)) {
      int pushed = pushes().size();
      AuthorizationRequest request = client.newAuthorizationRequest().push();
      HttpUrl url = request.url();
      assertTrue(url.queryParameter("request_uri").startsWith("urn:ietf:params:oauth:request_uri:"),
          url.toString());
      assertNull(url.queryParameter("code_challenge"), "the challenge went to the PAR endpoint");
      assertEquals(List.of("client_secret_basic:201"), pushes().subList(pushed, pushes().size())
          .stream().map(e -> e.authentication() + ":" + e.status()).toList());

      String callback = server.login(url.toString());
      assertEquals(request.state(), HttpUrl.get(callback).queryParameter("state"));
      Token token = client.exchange(request, callback);

      assertEquals(Set.of("api.read"), token.scopes());
    }
  }

  @Test
  void providerThatRequiresParPushesOnBuild() throws Exception {
    try (OAuth2Client client = client(true)) {
      int pushed = pushes().size();

      AuthorizationRequest request = client.newAuthorizationRequest().build();

      assertEquals(pushed + 1, pushes().size());
      assertTrue(request.url().queryParameter("request_uri") != null, request.url().toString());
      Token token = client.exchange(request, server.login(request.url().toString()));
      assertEquals(Set.of("api.read"), token.scopes());
    }
  }

  @Test
  void sasRefusesTheSameClientWithoutPar() throws Exception {
    try (OAuth2Client client = client(false)) {
      AuthorizationRequest request = client.newAuthorizationRequest().build();
      // The fixture's rule: an authorization request that was not pushed is a 400 page.
      var browser = server.browser().open(request.url().toString());

      assertEquals(400, browser.finalStatus());
    }
  }
}
