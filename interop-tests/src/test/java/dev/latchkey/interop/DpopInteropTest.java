package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropServer;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * DPoP (RFC 9449): SAS binds a token to the key of the proof its request carried, and its
 * resource server then takes the token only with a proof of that key.
 */
class DpopInteropTest {
  private final InteropServer server = Interop.server();

  private static String jkt(Token token) throws Exception {
    Map<?, ?> cnf = (Map<?, ?>) SignedJWT.parse(token.accessToken()).getJWTClaimsSet()
        .getClaim("cnf");
    return (String) cnf.get("jkt");
  }

  @Test
  void clientCredentialsTokenIsBoundAndAcceptedByTheResourceServerWithProofs() throws Exception {
    try (OAuth2Client client = Interop.client(InteropClients.DPOP).scopes("api.read").dpop()
        .build()) {
      TokenSession app = client.clientCredentialsSession();
      int before = Interop.grants(InteropClients.DPOP, "client_credentials");

      int[] statuses = new int[2];
      for (int i = 0; i < statuses.length; i++) {
        try (Response response = app.authorize(Interop.HTTP)
            .newCall(new Request.Builder().url(server.url("/api/me")).build()).execute()) {
          statuses[i] = response.code();
        }
      }

      assertEquals(200, statuses[0]);
      assertEquals(200, statuses[1]);
      Token token = app.token();
      assertTrue(token.isDpopBound());
      assertEquals("DPoP", token.tokenType());
      assertTrue(jkt(token) != null, "SAS put the key's thumbprint in cnf.jkt");
      List<InteropServer.Exchange> grants =
          server.exchanges(e -> e.isGrant(InteropClients.DPOP, "client_credentials"));
      assertEquals(before + 1, grants.size(), "one token for both calls");
      assertTrue(grants.get(grants.size() - 1).dpop(), "the token request carried a proof");
      List<InteropServer.Exchange> api = server.exchanges(e -> e.path().equals("/api/me"));
      assertTrue(api.get(api.size() - 1).dpop() && api.get(api.size() - 2).dpop(),
          "every API call carried a proof");
    }
  }

  @Test
  void boundTokenWithoutItsProofIsRefusedByTheResourceServer() throws Exception {
    try (OAuth2Client client = Interop.client(InteropClients.DPOP).scopes("api.read").dpop()
        .build()) {
      Token token = client.clientCredentials();

      try (Response response = Interop.HTTP.newCall(new Request.Builder()
          .url(server.url("/api/me")).header("Authorization", "Bearer " + token.accessToken())
          .build()).execute()) {
        assertEquals(401, response.code()); // finding 11
      }
    }
  }

  /**
   * RFC 9449 §10: the URL's {@code dpop_jkt} names the key of the token SAS binds (its
   * {@code cnf.jkt}, a thumbprint SAS computes itself). SAS 7.0 ignores {@code dpop_jkt} (finding
   * 20): the parameter costs nothing there, but the code is not bound.
   */
  @Test
  void codeFlowDpopJktNamesTheKeySasBindsTheTokenTo() throws Exception {
    try (OAuth2Client client = Interop.client(InteropClients.WEB)
        .redirectUri(InteropClients.REDIRECT_URI).scopes("api.read").dpop().build()) {
      AuthorizationRequest request = client.newAuthorizationRequest().build();
      String dpopJkt = request.url().queryParameter("dpop_jkt");

      Token token = client.exchange(request, server.login(request.url().toString()));

      assertTrue(token.isDpopBound());
      assertEquals(dpopJkt, jkt(token));
    }
  }

  /** RFC 9449 §10.1: the push carries a proof; SAS serves the request and binds the token. */
  @Test
  void pushedRequestCarriesAProofAndItsCodeGivesABoundToken() throws Exception {
    try (OAuth2Client client = Interop.client(InteropClients.PAR_REQUIRED)
        .redirectUri(InteropClients.REDIRECT_URI).scopes("api.read").dpop().build()) {
      int pushed = server.exchanges(e -> e.path().equals("/oauth2/par")).size();
      AuthorizationRequest request = client.newAuthorizationRequest().push();

      Token token = client.exchange(request, server.login(request.url().toString()));

      List<InteropServer.Exchange> pushes = server.exchanges(e -> e.path().equals("/oauth2/par"));
      InteropServer.Exchange push = pushes.get(pushes.size() - 1);
      assertEquals(pushed + 1, pushes.size());
      assertEquals(InteropClients.PAR_REQUIRED, push.clientId());
      assertTrue(push.dpop(), "the push carried a DPoP proof");
      assertEquals(201, push.status());
      assertTrue(token.isDpopBound());
      assertTrue(jkt(token) != null);
    }
  }

  @Test
  void codeFlowTokenIsBoundAndItsRefreshPresentsTheSameKey() throws Exception {
    try (OAuth2Client client = Interop.client(InteropClients.WEB)
        .redirectUri(InteropClients.REDIRECT_URI).scopes("api.read").dpop().build()) {
      AuthorizationRequest request = client.newAuthorizationRequest().build();
      Token token = client.exchange(request, server.login(request.url().toString()));
      assertTrue(token.isDpopBound());

      Token refreshed = client.refresh(token);

      assertEquals("DPoP", refreshed.tokenType());
      assertTrue(refreshed.isDpopBound());
      assertNotEquals(token.accessToken(), refreshed.accessToken());
      assertEquals(jkt(token), jkt(refreshed), "the refresh's proof was made with the same key");
      List<InteropServer.Exchange> refreshes =
          server.exchanges(e -> e.isGrant(InteropClients.WEB, "refresh_token"));
      InteropServer.Exchange last = refreshes.get(refreshes.size() - 1);
      assertTrue(last.dpop());
      assertEquals(200, last.status());
    }
  }
}
