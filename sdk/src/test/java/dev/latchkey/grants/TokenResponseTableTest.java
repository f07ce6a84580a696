package dev.latchkey.grants;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.Dialect;
import dev.latchkey.ErrorCode;
import dev.latchkey.MalformedResponseException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.testing.ManualTestClock;
import static dev.latchkey.testing.WireTestSupport.HTTP;
import static dev.latchkey.testing.WireTestSupport.okCallback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Token responses good, odd and broken, each through the single token-endpoint code path. Every
 * failure is checked for its type, the key parts of its message, and the absence of every secret
 * the test used.
 */
final class TokenResponseTableTest {
  private static final String AT = "AT-SECRET-0123456789";
  private static final String CLIENT_SECRET = "CS-SECRET-abcdef";
  private static final String CODE = "CODE-SECRET-42";
  private static final String OLD_REFRESH = "RT-OLD-SECRET";
  private static final Set<String> REQUESTED = set("read", "write");
  private static final Instant NOW = ManualTestClock.START;

  enum Grant { CLIENT_CREDENTIALS, REFRESH, CODE }

  interface Check<T> {
    void check(T value) throws Exception;
  }

  /** One row: what the server answers, which grant asks, and what must come of it. */
  static final class Case {
    final String name;
    final Grant grant;
    final MockResponse response;
    final Check<Token> onToken;
    final Class<? extends OAuth2Exception> failure;
    final Check<OAuth2Exception> onFailure;
    final List<String> messageParts;

    private Case(String name, Grant grant, MockResponse response, Check<Token> onToken,
        Class<? extends OAuth2Exception> failure, Check<OAuth2Exception> onFailure,
        List<String> messageParts) {
      this.name = name;
      this.grant = grant;
      this.response = response;
      this.onToken = onToken;
      this.failure = failure;
      this.onFailure = onFailure;
      this.messageParts = messageParts;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static Case ok(String name, Grant grant, MockResponse response, Check<Token> check) {
    return new Case(name, grant, response, check, null, null, null);
  }

  private static Case ok(String name, String json, Check<Token> check) {
    return ok(name, Grant.CLIENT_CREDENTIALS, jsonResponse(200, json), check);
  }

  private static Case fails(String name, Grant grant, MockResponse response,
      Class<? extends OAuth2Exception> type, Check<OAuth2Exception> check, String... parts) {
    return new Case(name, grant, response, null, type, check, Arrays.asList(parts));
  }

  private static MockResponse jsonResponse(int code, String body) {
    return response(code, "application/json", body);
  }

  private static MockResponse response(int code, String contentType, String body) {
    MockResponse.Builder builder = new MockResponse.Builder().code(code).body(body);
    if (contentType != null) {
      builder.addHeader("Content-Type", contentType);
    }
    return builder.build();
  }

  private static String token(String fields) {
    return "{\"access_token\":\"" + AT + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
  }

  private static Set<String> set(String... values) {
    return new LinkedHashSet<>(Arrays.asList(values));
  }

  private static Check<Token> expiresIn(long seconds) {
    return t -> {
      assertEquals(NOW, t.issuedAt());
      assertEquals(NOW.plusSeconds(seconds), t.expiresAt());
    };
  }

  private static Check<OAuth2Exception> endpointError(String error, String description,
      String uri, int status) {
    return e -> {
      TokenEndpointException t = (TokenEndpointException) e;
      assertEquals(error, t.error());
      assertEquals(description, t.errorDescription());
      assertEquals(uri, t.errorUri());
      assertEquals(status, t.httpStatus());
    };
  }

  private static Check<OAuth2Exception> malformed(int status, String contentType) {
    return e -> {
      MalformedResponseException m = (MalformedResponseException) e;
      assertEquals(status, m.httpStatus());
      assertEquals(contentType, m.contentType());
      assertNull(m.getCause(), "a parse failure's cause may quote the body");
    };
  }

  static Stream<Case> cases() {
    StringBuilder huge = new StringBuilder(token("\"padding\":\""));
    huge.setLength(huge.length() - 1); // Drop the closing brace: the padding string continues.
    while (huge.length() <= 1024 * 1024) {
      huge.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    }
    huge.append("\"}");
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      deep.append('[');
    }
    for (int i = 0; i < 300; i++) {
      deep.append(']');
    }

    return Stream.of(
        // ------------------------------------------------------------------------- expires_in
        ok("expires_in as a number", token("\"expires_in\":3600"), expiresIn(3600)),
        ok("expires_in as a numeric string", token("\"expires_in\":\"3600\""), expiresIn(3600)),
        ok("expires_in as a float is rounded down", token("\"expires_in\":3599.9"),
            expiresIn(3599)),
        ok("expires_in as a float string", token("\"expires_in\":\"120.5\""), expiresIn(120)),
        ok("expires_in absent means unknown expiry", token("\"token_type\":\"Bearer\""), t -> {
          assertNull(t.expiresAt());
          assertNull(t.lifetime());
          assertFalse(t.isExpired(new ManualTestClock(NOW.plus(Duration.ofDays(9999)))));
        }),
        ok("expires_in null means unknown expiry", token("\"expires_in\":null"),
            t -> assertNull(t.expiresAt())),
        ok("expires_in not a number means unknown expiry", token("\"expires_in\":\"soon\""),
            t -> assertNull(t.expiresAt())),
        ok("expires_in zero is expired on arrival", token("\"expires_in\":0"), t -> {
          assertEquals(NOW, t.expiresAt());
          assertTrue(t.isExpired(new ManualTestClock(NOW)));
        }),
        ok("expires_in negative is already expired", token("\"expires_in\":-30"), t -> {
          assertEquals(NOW.minusSeconds(30), t.expiresAt());
          assertTrue(t.isExpired(new ManualTestClock(NOW)));
        }),
        ok("expires_in huge is capped at ten years", token("\"expires_in\":1e300"),
            t -> assertEquals(NOW.plus(Duration.ofDays(3650)), t.expiresAt())),
        ok("expires_in Long.MAX_VALUE string is capped", token("\"expires_in\":\"9223372036854775807\""),
            t -> assertEquals(NOW.plus(Duration.ofDays(3650)), t.expiresAt())),
        ok("expires_in hugely negative is expired, not a crash", token("\"expires_in\":-1e300"),
            t -> {
              assertEquals(NOW.minus(Duration.ofDays(3650)), t.expiresAt());
              assertTrue(t.isExpired(new ManualTestClock(NOW)));
            }),
        // ------------------------------------------------------------------------- token_type
        ok("token_type lowercase bearer (Onna)", token("\"token_type\":\"bearer\",\"expires_in\":3599"),
            t -> assertEquals("bearer", t.tokenType())),
        ok("token_type uppercase BEARER", token("\"token_type\":\"BEARER\",\"expires_in\":3599"),
            t -> assertEquals("BEARER", t.tokenType())),
        ok("token_type absent defaults to Bearer", token("\"expires_in\":3599"),
            t -> assertEquals("Bearer", t.tokenType())),
        // ------------------------------------------------------------------------- scope
        ok("scope string is the granted set", token("\"scope\":\"read  admin \""),
            t -> assertEquals(set("read", "admin"), t.scopes())),
        ok("scope absent keeps the requested scopes", token(""),
            t -> assertEquals(REQUESTED, t.scopes())),
        ok("scope as an array is accepted", token("\"scope\":[\"a\",\"b\"]"),
            t -> assertEquals(set("a", "b"), t.scopes())),
        // ------------------------------------------------------------------------- extras
        ok("unknown fields are kept in extras",
            token("\"id_token\":\"eyJ.x.y\",\"ext_expires_in\":7200,\"nested\":{\"k\":[true]}"),
            t -> {
              Map<String, Object> expected = new LinkedHashMap<>();
              expected.put("id_token", "eyJ.x.y");
              expected.put("ext_expires_in", 7200.0);
              expected.put("nested", Collections.singletonMap("k", Collections.singletonList(true)));
              assertEquals(expected, t.extras());
              assertFalse(t.toString().contains("eyJ.x.y"));
            }),
        // ------------------------------------------------------------------------- refresh
        ok("refresh response without refresh_token keeps the old one", Grant.REFRESH,
            jsonResponse(200, token("\"expires_in\":60")),
            t -> assertEquals(OLD_REFRESH, t.refreshToken())),
        ok("refresh response with empty refresh_token keeps the old one", Grant.REFRESH,
            jsonResponse(200, token("\"refresh_token\":\"\"")),
            t -> assertEquals(OLD_REFRESH, t.refreshToken())),
        ok("refresh response with a new refresh_token rotates it", Grant.REFRESH,
            jsonResponse(200, token("\"refresh_token\":\"RT-NEW\"")),
            t -> assertEquals("RT-NEW", t.refreshToken())),
        ok("refresh without scope keeps the token's scopes", Grant.REFRESH,
            jsonResponse(200, token("")), t -> assertEquals(set("profile"), t.scopes())),
        ok("code exchange with JSON charset content type", Grant.CODE,
            response(200, "application/json;charset=UTF-8", token("\"refresh_token\":\"R1\"")),
            t -> assertEquals("R1", t.refreshToken())),
        ok("token response without content type", Grant.CLIENT_CREDENTIALS,
            response(200, null, token("")), t -> assertEquals(AT, t.accessToken())),
        // ------------------------------------------------------------------------- OAuth2 errors
        fails("error JSON with 400", Grant.CODE,
            jsonResponse(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Code expired\","
                + "\"error_uri\":\"https://docs.example/errors#grant\"}"),
            TokenEndpointException.class,
            endpointError("invalid_grant", "Code expired", "https://docs.example/errors#grant", 400),
            "refused the authorization_code request: invalid_grant (HTTP 400): Code expired",
            "start a new login"),
        fails("error JSON with 401", Grant.CLIENT_CREDENTIALS,
            jsonResponse(401, "{\"error\":\"invalid_client\"}"), TokenEndpointException.class,
            endpointError("invalid_client", null, null, 401),
            "refused the client_credentials request: invalid_client (HTTP 401)",
            "Check the client id and secret"),
        fails("error JSON with 200", Grant.REFRESH,
            jsonResponse(200, "{\"error\":\"invalid_grant\",\"error_description\":\"revoked\"}"),
            TokenEndpointException.class, endpointError("invalid_grant", "revoked", null, 200),
            "refused the refresh_token request: invalid_grant (HTTP 200): revoked",
            "the user must authorize again"),
        fails("error that is not a string is no OAuth2 error", Grant.CLIENT_CREDENTIALS,
            jsonResponse(400, "{\"error\":{\"code\":17,\"message\":\"bad\"}}"),
            TokenEndpointException.class, endpointError(null, null, null, 400),
            "answered HTTP 400 with Content-Type application/json and no OAuth2 error"),
        // ------------------------------------------------------------------------- no token
        // Failures a retry might cure go through the code exchange, which is never retried or
        // probed, so that every row is exactly one request.
        fails("no access_token", Grant.CODE,
            jsonResponse(200, "{\"token_type\":\"Bearer\",\"expires_in\":3600}"),
            MalformedResponseException.class, malformed(200, "application/json"),
            "has no access_token", "HTTP 200", "Content-Type application/json"),
        fails("access_token not a string", Grant.CODE,
            jsonResponse(200, "{\"access_token\":12345}"), MalformedResponseException.class,
            malformed(200, "application/json"), "access_token that is not a non-empty string",
            "HTTP 200"),
        fails("access_token empty", Grant.CODE,
            jsonResponse(200, "{\"access_token\":\"\",\"refresh_token\":\"R\"}"),
            MalformedResponseException.class, malformed(200, "application/json"),
            "access_token that is not a non-empty string"),
        fails("access_token null", Grant.CODE,
            jsonResponse(200, "{\"access_token\":null}"), MalformedResponseException.class,
            malformed(200, "application/json"), "has no access_token"),
        // ------------------------------------------------------------------------- not JSON
        fails("HTML page with 200", Grant.CODE,
            response(200, "text/html; charset=utf-8",
                "<!DOCTYPE html><html><body>Sign in " + AT + "</body></html>"),
            MalformedResponseException.class, malformed(200, "text/html; charset=utf-8"),
            "is an HTML page, not JSON", "HTTP 200", "Content-Type text/html; charset=utf-8",
            "login page or proxy"),
        fails("HTML page with 502", Grant.CODE,
            response(502, "text/html", "<html><body>Bad Gateway</body></html>"),
            TokenEndpointException.class, endpointError(null, null, null, 502),
            "answered HTTP 502 with Content-Type text/html and no OAuth2 error (authorization_code)",
            "try again later"),
        fails("HTML page with 404", Grant.CLIENT_CREDENTIALS,
            response(404, "text/html", "<html>Not Found</html>"),
            TokenEndpointException.class, endpointError(null, null, null, 404),
            "answered HTTP 404 with Content-Type text/html", "check the token endpoint URL"),
        fails("truncated JSON", Grant.CODE,
            jsonResponse(200, "{\"access_token\":\"" + AT + "\",\"expires_in\":36"),
            MalformedResponseException.class, malformed(200, "application/json"),
            "is truncated JSON", "HTTP 200"),
        // Moshi reports a cut inside a string as a syntax error, not as the end of input.
        fails("truncated JSON inside a string", Grant.CODE,
            jsonResponse(200, "{\"access_token\":\"" + AT),
            MalformedResponseException.class, malformed(200, "application/json"),
            "is not valid JSON"),
        fails("empty body", Grant.CODE, response(200, "application/json", ""),
            MalformedResponseException.class, malformed(200, "application/json"),
            "is empty", "HTTP 200"),
        fails("JSON array", Grant.CODE,
            jsonResponse(200, "[{\"access_token\":\"" + AT + "\"}]"),
            MalformedResponseException.class, malformed(200, "application/json"),
            "is not a JSON object (it starts with BEGIN_ARRAY)"),
        fails("JSON string", Grant.CODE, jsonResponse(200, "\"" + AT + "\""),
            MalformedResponseException.class, malformed(200, "application/json"),
            "is not a JSON object (it starts with STRING)"),
        fails("data after the JSON object", Grant.CODE,
            jsonResponse(200, token("") + "{}"), MalformedResponseException.class,
            malformed(200, "application/json"), "is not valid JSON"),
        fails("access_token given twice", Grant.CODE,
            jsonResponse(200, "{\"access_token\":\"a\",\"access_token\":\"" + AT + "\"}"),
            MalformedResponseException.class, malformed(200, "application/json"),
            "is not valid JSON"),
        fails("nesting deeper than the parser allows", Grant.CODE,
            jsonResponse(200, token("\"x\":" + deep)), MalformedResponseException.class,
            malformed(200, "application/json"), "is not valid JSON"),
        fails("body over 1 MiB", Grant.CODE, jsonResponse(200, huge.toString()),
            MalformedResponseException.class, malformed(200, "application/json"),
            "is larger than 1048576 bytes", "HTTP 200"),
        // ------------------------------------------------------------------------- HTTP level
        fails("503 with Retry-After", Grant.CODE,
            new MockResponse.Builder().code(503).addHeader("Retry-After", "120")
                .addHeader("Content-Type", "text/plain").body("busy").build(),
            TokenEndpointException.class, e -> {
              TokenEndpointException t = (TokenEndpointException) e;
              assertEquals(Duration.ofSeconds(120), t.retryAfter());
              assertEquals(503, t.httpStatus());
              assertNull(t.error());
            },
            "answered HTTP 503 with Content-Type text/plain", "try again later"),
        fails("429 OAuth2 error with Retry-After", Grant.CLIENT_CREDENTIALS,
            new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
                .addHeader("Content-Type", "application/json")
                .body("{\"error\":\"slow_down\"}").build(),
            TokenEndpointException.class, e -> {
              assertEquals(Duration.ofSeconds(7), ((TokenEndpointException) e).retryAfter());
              assertEquals(ErrorCode.SLOW_DOWN, ((TokenEndpointException) e).errorCode());
            },
            "slow_down (HTTP 429)", "RFC 6749 §5.2"),
        fails("302 redirect is not followed", Grant.CODE,
            new MockResponse.Builder().code(302)
                .addHeader("Location", "https://login.example/sso?session=" + AT).build(),
            TokenEndpointException.class, e -> assertEquals(302,
                ((TokenEndpointException) e).httpStatus()),
            "answered with a redirect (HTTP 302 to https://login.example/sso)",
            "token requests are never redirected"));
  }

  private final MockWebServer server = new MockWebServer();
  private final ManualTestClock clock = new ManualTestClock();
  private OAuth2Client client;

  @BeforeEach
  void setUp() throws Exception {
    server.start();
    client = OAuth2Client.builder()
        .provider(Provider.standard(server.url("/authorize").toString(),
                server.url("/token").toString()).newBuilder()
            .dialect(Dialect.builder()
                .clientAuthentication(Dialect.ClientAuthentication.PARAMETERS).build())
            .build())
        .clientId("table-client")
        .clientSecret(CLIENT_SECRET)
        .redirectUri("https://app.example/cb")
        .scopes(REQUESTED.toArray(new String[0]))
        .httpClient(HTTP)
        .clock(clock)
        .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private Token run(Grant grant) throws Exception {
    switch (grant) {
      case CLIENT_CREDENTIALS:
        return client.clientCredentials();
      case REFRESH:
        return client.refresh(Token.builder().accessToken("AT-OLD").refreshToken(OLD_REFRESH)
            .scopes(set("profile")).issuedAt(NOW.minusSeconds(60)).build());
      case CODE:
        AuthorizationRequest request = client.newAuthorizationRequest().build();
        return client.exchange(request, okCallback(request, CODE));
      default:
        throw new AssertionError(grant);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tokenResponse(Case c) throws Exception {
    server.enqueue(c.response);
    Token token = null;
    if (c.failure == null) {
      token = run(c.grant);
      assertEquals(AT, token.accessToken());
      c.onToken.check(token);
    } else {
      OAuth2Exception e = assertThrows(OAuth2Exception.class, () -> run(c.grant));
      assertInstanceOf(c.failure, e, () -> "was " + e);
      for (String part : c.messageParts) {
        assertTrue(e.getMessage().contains(part),
            () -> "message lacks \"" + part + "\": " + e.getMessage());
      }
      // Every failure names the HTTP status; one that is not an OAuth2 error also names the
      // content type, which tells a login page or proxy from the token endpoint.
      assertTrue(e.getMessage().contains("HTTP " + c.response.getCode()), e::getMessage);
      String contentType = c.response.getHeaders().get("Content-Type");
      boolean oauth2Error = e instanceof TokenEndpointException
          && ((TokenEndpointException) e).error() != null;
      if (contentType != null && !oauth2Error) {
        assertTrue(e.getMessage().contains("Content-Type " + contentType), e::getMessage);
      }
      for (String secret : Arrays.asList(AT, CLIENT_SECRET, CODE, OLD_REFRESH)) {
        assertFalse(String.valueOf(e).contains(secret), () -> "leaks a secret: " + e);
      }
      c.onFailure.check(e);
    }
    assertEquals(1, server.getRequestCount(), "one request: no retry, no redirect followed");
    assertEquals("/token", server.takeRequest().getTarget());
    if (token != null && !token.isExpired(clock)) {
      assertSendsBearer(token);
    }
  }

  /** Whatever case the server spells token_type in, the API request carries {@code Bearer}. */
  private void assertSendsBearer(Token token) throws Exception {
    TokenSession session = client.session("table");
    session.save(token);
    server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    try (Response response = session.authorize(HTTP)
        .newCall(new Request.Builder().url(server.url("/api")).build()).execute()) {
      assertEquals(200, response.code());
    }
    RecordedRequest api = server.takeRequest();
    assertEquals("/api", api.getTarget());
    assertEquals("Bearer " + AT, api.getHeaders().get("Authorization"));
    session.close();
  }
}
