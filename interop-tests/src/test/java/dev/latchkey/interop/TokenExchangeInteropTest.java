package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.ErrorCode;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenExchange;
import dev.latchkey.TokenSession;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropServer;
import java.util.List;
import java.util.Set;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Token exchange (RFC 8693): a backend swaps Alice's access token for one of its own. */
class TokenExchangeInteropTest {
  private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

  private final InteropServer server = Interop.server();

  /** Alice's access token, from a code flow of the web client. */
  private String alicesToken() throws Exception {
    try (OAuth2Client web = Interop.client(InteropClients.WEB)
        .redirectUri(InteropClients.REDIRECT_URI).scopes("api.read").build()) {
      AuthorizationRequest request = web.newAuthorizationRequest().build();
      return web.exchange(request, server.login(request.url().toString())).accessToken();
    }
  }

  private OAuth2Client exchanger() {
    return Interop.client(InteropClients.TOKEN_EXCHANGE).build();
  }

  @Test
  void alicesAccessTokenIsExchangedForAnotherThatTheResourceServerAccepts() throws Exception {
    String subject = alicesToken();
    try (OAuth2Client backend = exchanger()) {
      int before = Interop.grants(InteropClients.TOKEN_EXCHANGE, TOKEN_EXCHANGE);

      Token exchanged = backend.newTokenExchange()
          .subjectToken(subject, TokenExchange.ACCESS_TOKEN_TYPE)
          .scopes("api.read")
          .build()
          .execute();

      assertEquals(TokenExchange.ACCESS_TOKEN_TYPE, exchanged.issuedTokenType());
      assertEquals("Bearer", exchanged.tokenType());
      assertEquals(Set.of("api.read"), exchanged.scopes());
      assertNotEquals(subject, exchanged.accessToken());
      List<InteropServer.Exchange> sent =
          server.exchanges(e -> e.isGrant(InteropClients.TOKEN_EXCHANGE, TOKEN_EXCHANGE));
      assertEquals(before + 1, sent.size());
      assertEquals(200, sent.get(sent.size() - 1).status());
      try (Response me = Interop.HTTP.newCall(new Request.Builder().url(server.url("/api/me"))
          .header("Authorization", "Bearer " + exchanged.accessToken()).build()).execute()) {
        assertEquals(200, me.code());
        // The exchanged token still speaks for Alice.
        String body = me.body().string();
        assertEquals(true, body.contains("\"sub\":\"" + InteropClients.USERNAME + "\""), body);
      }
    }
  }

  @Test
  void sessionOfTheExchangedTokenCallsTheResourceServer() throws Exception {
    String subject = alicesToken();
    try (OAuth2Client backend = exchanger()) {
      TokenSession downstream = backend.newTokenExchange()
          .subjectToken(subject, TokenExchange.ACCESS_TOKEN_TYPE)
          .scopes("api.read")
          .build()
          .session();

      try (Response me = downstream.authorize(Interop.HTTP)
          .newCall(new Request.Builder().url(server.url("/api/me")).build()).execute()) {
        assertEquals(200, me.code());
      }
    }
  }

  @Test
  void clientCredentialsTokenIsNotExchangedAtSas() throws Exception {
    // Finding 9: SAS exchanges only a token with a user behind it.
    String machineToken;
    try (OAuth2Client machine = Interop.client(InteropClients.BASIC).scopes("api.read").build()) {
      machineToken = machine.clientCredentials().accessToken();
    }
    try (OAuth2Client backend = exchanger()) {
      TokenEndpointException e = assertThrows(TokenEndpointException.class,
          () -> backend.newTokenExchange()
              .subjectToken(machineToken, TokenExchange.ACCESS_TOKEN_TYPE)
              .scopes("api.read").build().execute());

      assertEquals(ErrorCode.INVALID_GRANT, e.errorCode());
    }
  }
}
