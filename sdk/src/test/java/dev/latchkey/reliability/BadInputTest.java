package dev.latchkey.reliability;

import static dev.latchkey.reliability.Reliability.assertTyped;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationDeniedException;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.InvalidCallbackException;
import dev.latchkey.InvalidCallbackException.Reason;
import dev.latchkey.MalformedResponseException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed token responses, callback URLs and token files, each ending in a typed exception
 * with a clear message: never a {@link NullPointerException} or a raw parser error, never a
 * secret (the {@link LeakGuard} checks every message and log line), never a control character
 * that could forge a log line. The cases complement {@code TokenResponseTableTest},
 * {@code CallbackValidationTest} and {@code FileTokenStoreTest}: here the bad input carries the
 * secrets, or is hostile rather than broken.
 */
@Timeout(30)
final class BadInputTest {
  static final String CLIENT_SECRET = "cs-LEAKCHECK-0123456789";
  static final String AT = "at-LEAKCHECK-abcdef012345";
  static final String RT = "rt-LEAKCHECK-9876543210";
  static final String CODE = "code-LEAKCHECK-42424242";
  static final String REDIRECT = "https://app.example/cb";

  @RegisterExtension
  final LeakGuard leaks = new LeakGuard();

  @TempDir
  Path dir;

  private final MockWebServer server = new MockWebServer();
  private OAuth2Client client;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    leaks.secret(CLIENT_SECRET);
    leaks.secret(AT);
    leaks.secret(RT);
    leaks.secret(CODE);
    client = OAuth2Client.builder()
        .provider(Provider.standard(server.url("/authorize").toString(),
            server.url("/token").toString()))
        .clientId("bad-input-client")
        .clientSecret(CLIENT_SECRET)
        .redirectUri(REDIRECT)
        .httpClient(Reliability.HTTP)
        .maxRetries(0)
        .listener(leaks.listener())
        .build();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    // Every verifier and state the SDK sent is a secret too.
    for (RecordedRequest request; (request = server.takeRequest(0, java.util.concurrent.TimeUnit.SECONDS)) != null; ) {
      String body = request.getBody() == null ? "" : request.getBody().utf8();
      java.util.Map<String, String> form = Reliability.form(body);
      for (String name : List.of("code", "code_verifier", "refresh_token", "client_secret")) {
        leaks.secret(form.get(name));
      }
    }
    client.close();
    server.close();
  }

  enum Grant { CLIENT_CREDENTIALS, REFRESH, CODE }

  /** One malformed token response, the grant that receives it, and what must come of it. */
  static final class Response {
    final String name;
    final Grant grant;
    final MockResponse answer;
    final Class<? extends OAuth2Exception> type;
    final String messagePart;
    /** Requests the SDK sends: 2 when AUTO client authentication tries both ways. */
    final int requests;

    Response(String name, Grant grant, MockResponse answer,
        Class<? extends OAuth2Exception> type, String messagePart) {
      this(name, grant, answer, type, messagePart, 1);
    }

    Response(String name, Grant grant, MockResponse answer,
        Class<? extends OAuth2Exception> type, String messagePart, int requests) {
      this.name = name;
      this.grant = grant;
      this.answer = answer;
      this.type = type;
      this.messagePart = messagePart;
      this.requests = requests;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static MockResponse answer(int code, String contentType, String body) {
    MockResponse.Builder builder = new MockResponse.Builder().code(code).body(body);
    if (contentType != null) {
      builder.setHeader("Content-Type", contentType);
    }
    return builder.build();
  }

  private static MockResponse answer(int code, String contentType, byte[] body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", contentType)
        .body(new Buffer().write(body)).build();
  }

  private static MockResponse json(int code, String body) {
    return answer(code, "application/json", body);
  }

  static Stream<Response> responses() {
    String json = "application/json";
    return Stream.of(
        new Response("error_description echoes the refresh token sent", Grant.REFRESH,
            json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token " + RT
                + " is revoked\"}"), TokenEndpointException.class, "invalid_grant"),
        new Response("error_description echoes the client secret sent", Grant.CLIENT_CREDENTIALS,
            json(401, "{\"error\":\"invalid_client\",\"error_description\":\"secret "
                + CLIENT_SECRET + " does not match\"}"), TokenEndpointException.class,
            "Client authentication failed both ways", 2),
        new Response("error_description echoes the code sent", Grant.CODE,
            json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"code=" + CODE
                + " expired\"}"), TokenEndpointException.class, "invalid_grant"),
        new Response("token_type echoes the refresh token sent", Grant.REFRESH,
            json(200, "{\"access_token\":\"" + AT + "\",\"token_type\":\"" + RT + "\"}"),
            MalformedResponseException.class, "which this client does not use"),
        new Response("error_description forges a log line", Grant.CLIENT_CREDENTIALS,
            json(400, "{\"error\":\"invalid_scope\",\"error_description\":\"no\\r\\n"
                + "INFO: user admin logged in\\u001b[0m\"}"), TokenEndpointException.class,
            "invalid_scope"),
        new Response("error code forges a log line", Grant.CLIENT_CREDENTIALS,
            json(400, "{\"error\":\"invalid_request\\nSEVERE: forged\"}"),
            TokenEndpointException.class, "invalid_request"),
        new Response("error is an empty string", Grant.CLIENT_CREDENTIALS,
            json(400, "{\"error\":\"\"}"), TokenEndpointException.class, "HTTP 400"),
        new Response("HTML login page quoting the access token", Grant.CLIENT_CREDENTIALS,
            answer(200, "text/html", "<html><body>Signed in. access_token=" + AT
                + "</body></html>"), MalformedResponseException.class, "is an HTML page"),
        new Response("form-encoded token response (GitHub's old style)", Grant.CODE,
            answer(200, "application/x-www-form-urlencoded", "access_token=" + AT
                + "&token_type=bearer"), MalformedResponseException.class, "not valid JSON"),
        new Response("token response with garbage after it", Grant.REFRESH,
            json(200, "{\"access_token\":\"" + AT + "\"} trailing " + RT),
            MalformedResponseException.class, "is not valid JSON"),
        new Response("byte-order mark before the JSON", Grant.CLIENT_CREDENTIALS,
            json(200, "\uFEFF{\"access_token\":\"" + AT + "\"}"),
            MalformedResponseException.class, "not valid JSON"),
        new Response("the JSON literal null", Grant.CLIENT_CREDENTIALS, json(200, "null"),
            MalformedResponseException.class, "is not a JSON object"),
        new Response("whitespace only", Grant.CLIENT_CREDENTIALS, json(200, " \n\t "),
            MalformedResponseException.class, "JSON"),
        new Response("access token with CR LF (header injection)", Grant.CLIENT_CREDENTIALS,
            json(200, "{\"access_token\":\"" + AT + "\\r\\nX-Injected: 1\"}"),
            MalformedResponseException.class, "access_token"),
        new Response("access token with a NUL character", Grant.REFRESH,
            json(200, "{\"access_token\":\"" + AT + "\\u0000\"}"),
            MalformedResponseException.class, "access_token"),
        new Response("access token with non-ASCII letters", Grant.CLIENT_CREDENTIALS,
            json(200, "{\"access_token\":\"" + AT + "\u00e9\u4e2d\"}"),
            MalformedResponseException.class, "access_token"),
        new Response("bytes that are not UTF-8", Grant.CLIENT_CREDENTIALS,
            answer(200, json, concat("{\"access_token\":\"" + AT, new byte[] {(byte) 0xff,
                (byte) 0xfe, (byte) 0xc3}, "\"}")), MalformedResponseException.class,
            "access_token"),
        new Response("access token as a JSON object holding the token", Grant.CODE,
            json(200, "{\"access_token\":{\"value\":\"" + AT + "\"}}"),
            MalformedResponseException.class, "not a non-empty string"),
        new Response("gzip Content-Encoding over a plain body", Grant.CLIENT_CREDENTIALS,
            new MockResponse.Builder().code(200).setHeader("Content-Type", json)
                .setHeader("Content-Encoding", "gzip")
                .body("{\"access_token\":\"" + AT + "\"}").build(),
            OAuth2Exception.class, "Could not read the token response"),
        new Response("over 1 MiB of padding after the token", Grant.REFRESH,
            json(200, "{\"access_token\":\"" + AT + "\"" + " ".repeat(1 << 20) + "}"),
            MalformedResponseException.class, "larger than"));
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    return new Buffer().writeUtf8(before).write(middle).writeUtf8(after).readByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responses")
  void malformedTokenResponseEndsInTypedException(Response c) throws Exception {
    for (int i = 0; i < c.requests; i++) {
      server.enqueue(c.answer);
    }
    Token withRefresh = Token.builder().accessToken("old-" + AT).refreshToken(RT)
        .issuedAt(Instant.now()).build();
    leaks.token(withRefresh);
    OAuth2Exception e = assertTyped(c.type, leaks, () -> {
      switch (c.grant) {
        case CLIENT_CREDENTIALS:
          client.clientCredentials();
          break;
        case REFRESH:
          client.refresh(withRefresh);
          break;
        case CODE:
          AuthorizationRequest request = client.newAuthorizationRequest().build();
          leaks.secret(request.url().queryParameter("state"));
          client.exchange(request, REDIRECT + "?code=" + CODE + "&state="
              + request.url().queryParameter("state"));
          break;
        default:
          throw new AssertionError(c.grant);
      }
    });
    assertClear(e, c.messagePart);
    assertEquals(c.requests, server.getRequestCount(), "no retry");
  }

  /** One hostile or broken callback URL, and the reason it must be refused for. */
  static final class Callback {
    final String name;
    final String query;
    final Class<? extends OAuth2Exception> type;
    final Reason reason;

    Callback(String name, String query, Class<? extends OAuth2Exception> type, Reason reason) {
      this.name = name;
      this.query = query;
      this.type = type;
      this.reason = reason;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code STATE} in a query stands for the pending request's state. */
  static Stream<Callback> callbacks() {
    return Stream.of(
        new Callback("null URI", null, InvalidCallbackException.class, Reason.MALFORMED),
        new Callback("empty URI", "", InvalidCallbackException.class, Reason.STATE_MISSING),
        new Callback("space inside the code", REDIRECT + "?code=" + CODE + " x&state=STATE",
            InvalidCallbackException.class, Reason.MALFORMED),
        new Callback("bad percent-encoding in the state", REDIRECT + "?code=" + CODE
            + "&state=STATE%zz", InvalidCallbackException.class, Reason.MALFORMED),
        new Callback("a lone % at the end", REDIRECT + "?code=" + CODE + "&state=STATE%",
            InvalidCallbackException.class, Reason.MALFORMED),
        new Callback("parameters in the fragment (implicit-flow style)", REDIRECT + "#code="
            + CODE + "&state=STATE", InvalidCallbackException.class, Reason.STATE_MISSING),
        new Callback("opaque URI", "latchkey:cb", InvalidCallbackException.class,
            Reason.STATE_MISSING),
        new Callback("state with a trailing NUL", REDIRECT + "?code=" + CODE
            + "&state=STATE%00", InvalidCallbackException.class, Reason.STATE_MISMATCH),
        new Callback("state in other case", REDIRECT + "?code=" + CODE + "&state=LOWERSTATE",
            InvalidCallbackException.class, Reason.STATE_MISMATCH),
        new Callback("state of a megabyte", REDIRECT + "?code=" + CODE + "&state="
            + "A".repeat(1 << 20), InvalidCallbackException.class, Reason.STATE_MISMATCH),
        new Callback("ten thousand parameters", REDIRECT + "?" + manyParameters(10_000)
            + "code=" + CODE + "&state=STATEX", InvalidCallbackException.class,
            Reason.STATE_MISMATCH),
        new Callback("error given twice", REDIRECT + "?error=access_denied&error=x&state=STATE",
            InvalidCallbackException.class, Reason.MALFORMED),
        new Callback("error_description forging log lines", REDIRECT + "?error=access_denied"
            + "&error_description=denied%0D%0ASEVERE%3A+forged%1B%5B31m&state=STATE",
            AuthorizationDeniedException.class, null),
        new Callback("error code forging a log line", REDIRECT + "?error=server_error%0Aforged"
            + "&state=STATE", AuthorizationDeniedException.class, null),
        new Callback("error_description of 100 KB", REDIRECT + "?error=access_denied"
            + "&error_description=" + "x".repeat(100_000) + "&state=STATE",
            AuthorizationDeniedException.class, null),
        new Callback("iss forging a log line", REDIRECT + "?code=" + CODE + "&state=STATE"
            + "&iss=https%3A%2F%2Fevil.example%0D%0AINFO%3A+ok", InvalidCallbackException.class,
            Reason.ISSUER_MISMATCH));
  }

  private static String manyParameters(int count) {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < count; i++) {
      query.append('p').append(i).append("=1&");
    }
    return query.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("callbacks")
  void hostileCallbackEndsInTypedException(Callback c) throws Exception {
    OAuth2Client withIssuer = client.newBuilder()
        .provider(client.provider().newBuilder().issuer("https://id.example").build())
        .build();
    AuthorizationRequest request = withIssuer.newAuthorizationRequest().build();
    String state = leaks.secret(request.url().queryParameter("state"));
    String uri = c.query == null ? null : c.query
        .replace("LOWERSTATE", state.toLowerCase(java.util.Locale.ROOT)
            .equals(state) ? state.toUpperCase(java.util.Locale.ROOT)
            : state.toLowerCase(java.util.Locale.ROOT))
        .replace("STATE", state);
    OAuth2Exception e = assertTyped(c.type, leaks, () -> withIssuer.exchange(request, uri));
    if (c.reason != null) {
      assertEquals(c.reason, ((InvalidCallbackException) e).reason(), e.getMessage());
    }
    assertClear(e, null);
    assertTrue(e.getMessage().length() < 1_000, "a bounded message: " + e.getMessage().length());
    assertEquals(0, server.getRequestCount(), "nothing reaches the token endpoint");
    withIssuer.close();
  }

  /** One broken token file: its content, and a part of the message it must produce. */
  static final class StoreFile {
    final String name;
    final byte[] content;
    final String messagePart;

    StoreFile(String name, byte[] content, String messagePart) {
      this.name = name;
      this.content = content;
      this.messagePart = messagePart;
    }

    StoreFile(String name, String content, String messagePart) {
      this(name, content.getBytes(UTF_8), messagePart);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static String entry(String fields) {
    return "{\"version\":1,\"tokens\":{\"user\":{" + fields + "}}}";
  }

  private static final String GOOD = "\"access_token\":\"" + AT + "\",\"token_type\":\"Bearer\","
      + "\"issued_at\":\"2030-01-01T00:00:00Z\",\"refresh_token\":\"" + RT + "\"";

  static Stream<StoreFile> storeFiles() {
    String whole = entry(GOOD);
    return Stream.of(
        new StoreFile("byte-order mark before the JSON", "\uFEFF" + whole, "is not valid JSON"),
        new StoreFile("cut inside the access token", whole.substring(0,
            whole.indexOf(AT) + AT.length() / 2), "is not valid JSON"),
        new StoreFile("zeros, as after a power loss", new byte[4096], "is not valid JSON"),
        new StoreFile("tokens is an array", "{\"version\":1,\"tokens\":[\"" + AT + "\"]}",
            "no \"tokens\" object"),
        new StoreFile("version as a string", "{\"version\":\"1\",\"tokens\":{}}",
            "its version is \"1\" (a string), expected 1"),
        new StoreFile("entry is the bare access token",
            "{\"version\":1,\"tokens\":{\"user\":\"" + AT + "\"}}", "entry is not a JSON object"),
        new StoreFile("access_token is a number", entry("\"access_token\":42,"
            + "\"token_type\":\"Bearer\",\"issued_at\":\"2030-01-01T00:00:00Z\""),
            "access_token is not a non-empty string"),
        new StoreFile("issued_at is not ISO-8601", entry(GOOD.replace("2030-01-01T00:00:00Z",
            "yesterday")), "issued_at is not an ISO-8601 instant"),
        new StoreFile("expires_at as epoch seconds", entry(GOOD + ",\"expires_at\":1893456000"),
            "expires_at is not an ISO-8601 string"),
        new StoreFile("refresh_token is an object", entry(GOOD.replace("\"refresh_token\":\""
            + RT + "\"", "\"refresh_token\":{\"value\":\"" + RT + "\"}")),
            "refresh_token is not a string"),
        new StoreFile("scope is an array", entry(GOOD + ",\"scope\":[\"read\"]"),
            "scope is not a string"),
        new StoreFile("extras is a string", entry(GOOD + ",\"extras\":\"" + RT + "\""),
            "extras is not an object"),
        new StoreFile("extras nested 300 deep", entry(GOOD + ",\"extras\":{\"x\":"
            + "[".repeat(300) + "]".repeat(300) + "}"), "is not valid JSON"),
        new StoreFile("the user given twice", "{\"version\":1,\"tokens\":{\"user\":{" + GOOD
            + "},\"user\":{" + GOOD + "}}}", "is not valid JSON"),
        new StoreFile("access token with CR LF", entry(GOOD.replace(AT, AT + "\\r\\nX: 1")),
            "has a character an HTTP header cannot carry"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storeFiles")
  void brokenTokenFileEndsInTypedException(StoreFile c) throws Exception {
    Path path = dir.resolve("tokens.json");
    Files.write(path, c.content);
    TokenStore store = TokenStore.file(path);

    OAuth2Exception load = assertTyped(OAuth2Exception.class, leaks, () -> store.load("user"));
    assertClear(load, c.messagePart);
    assertTrue(load.getMessage().contains(path.toString()), "names the file: " + load.getMessage());
    // Through a session too: the app hears about it instead of a token being made up or lost.
    OAuth2Client withFile = client.newBuilder().tokenStore(store).build();
    TokenSession session = withFile.session("user");
    OAuth2Exception viaSession = assertTyped(OAuth2Exception.class, leaks, session::accessToken);
    assertEquals(load.getMessage(), viaSession.getMessage());
    assertTrue(java.util.Arrays.equals(c.content, Files.readAllBytes(path)),
        "a broken file is never overwritten");
    assertEquals(0, server.getRequestCount());
    withFile.close();
  }

  @Test
  void tokenFileThatIsADirectoryEndsInTypedException() throws Exception {
    Path path = dir.resolve("tokens.json");
    Files.createDirectories(path);
    OAuth2Exception e = assertTyped(OAuth2Exception.class, leaks,
        () -> TokenStore.file(path).load("user"));
    assertClear(e, "The token store path " + path + " is a directory"); // Issue 14 item 2.
  }

  @Test
  void badArgumentsAreIllegalArgumentsNamingTheArgument() {
    List<String> messages = new ArrayList<>();
    for (Runnable call : List.<Runnable>of(
        () -> OAuth2Client.builder().redirectUri("http://app.example/cb"),
        () -> OAuth2Client.builder().clientSecret(""),
        () -> OAuth2Client.builder().scopes("a b"),
        () -> OAuth2Client.builder().maxRetries(-1),
        () -> Token.builder().accessToken(""),
        () -> Provider.standard("http://auth.example.com/authorize",
            "https://auth.example.com/token"))) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, call::run);
      messages.add(leaks.scan(e).getMessage());
    }
    for (String message : messages) {
      assertFalse(message.isBlank());
    }
  }

  /** A clear message: has the expected words, and no control character to forge a log line. */
  private static void assertClear(OAuth2Exception e, String part) {
    String message = e.getMessage();
    if (part != null) {
      assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
    }
    for (int i = 0; i < message.length(); i++) {
      char ch = message.charAt(i);
      assertFalse(Character.isISOControl(ch), "control character U+"
          + String.format("%04X", (int) ch) + " at " + i + " in: " + message);
    }
  }
}
