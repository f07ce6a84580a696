package dev.latchkey.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.MalformedResponseException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenStore;
import dev.latchkey.TestHooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import okio.Buffer;

/**
 * Property-based fuzzing (jqwik) of what the SDK parses from outside: token responses, callback
 * URIs and token files. Generators mix arbitrary text with JSON-ish and URI-ish shapes built
 * around the fields the parsers look for, then cut and splice them. Whatever comes in, only the
 * documented types may come out: a value, or an {@link OAuth2Exception} subclass with a message
 * that holds no secret the SDK sent. Each property runs a fixed number of tries, so the time is
 * bounded (a few seconds in all).
 */
final class ParserFuzzTest {
  private static final String CLIENT_SECRET = "cs-FUZZ-0123456789abcdef";
  private static final String RT = "rt-FUZZ-0123456789abcdef";
  private static final String CODE = "code-FUZZ-0123456789";
  private static final String REDIRECT = "https://app.example/cb";
  private static final String STATE = "@STATE@";

  private static MockWebServer server;
  private static OAuth2Client client;
  /** The answer the token endpoint gives the next request; fuzzed per try. */
  private static final AtomicReference<MockResponse> ANSWER = new AtomicReference<>();
  private static Path dir;
  /** Outcomes by property and type, printed at the end: evidence the generators reach deep. */
  private static final Map<String, java.util.concurrent.atomic.AtomicInteger> OUTCOMES =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  private static void outcome(String property, Object what) {
    String name = what instanceof Class ? ((Class<?>) what).getSimpleName() : String.valueOf(what);
    OUTCOMES.computeIfAbsent(property + ": " + name,
        k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
  }

  @BeforeContainer
  static void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        MockResponse answer = ANSWER.get();
        return answer != null ? answer : new MockResponse.Builder().code(400)
            .setHeader("Content-Type", "application/json")
            .body("{\"error\":\"invalid_grant\"}").build();
      }
    });
    server.start();
    client = OAuth2Client.builder()
        .provider(Provider.standard(server.url("/authorize").toString(),
            server.url("/token").toString()))
        .clientId("fuzz-client")
        .clientSecret(CLIENT_SECRET)
        .redirectUri(REDIRECT)
        .httpClient(Reliability.HTTP)
        .maxRetries(0)
        .build();
    dir = Files.createTempDirectory("latchkey-fuzz");
  }

  @AfterContainer
  static void stop() throws IOException {
    System.out.println("fuzz outcomes " + OUTCOMES + "; token endpoint requests "
        + server.getRequestCount());
    client.close();
    server.close();
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(dir);
  }

  // ------------------------------------------------------------------ generators

  /** Strings that matter to the parsers, secrets included, plus arbitrary ones. */
  private static Arbitrary<String> words() {
    return Arbitraries.oneOf(
        Arbitraries.of("access_token", "token_type", "expires_in", "refresh_token", "scope",
            "error", "error_description", "error_uri", "Bearer", "bearer", "", " ", "\u0000",
            "\r\n", "\uFEFF", "\uD800", "é", "%", "%zz", "%0A", "&", "=", "#", "?", "\"", "\\",
            RT, CLIENT_SECRET, "invalid_grant", "server_error", "3600", "-1", "1e400"),
        Arbitraries.strings().ofMaxLength(24),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(24));
  }

  private static String quoted(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static Arbitrary<String> scalars() {
    return Arbitraries.oneOf(
        words().map(ParserFuzzTest::quoted),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.doubles().map(String::valueOf),
        Arbitraries.of("true", "false", "null", "1e400", "-0", "NaN", "01", "\"3600\"", "[]",
            "{}"));
  }

  private static Arbitrary<String> values() {
    Arbitrary<String> arrays = scalars().list().ofMaxSize(4)
        .map(items -> "[" + String.join(",", items) + "]");
    Arbitrary<String> objects = Combinators.combine(words(), scalars())
        .as((k, v) -> quoted(k) + ":" + v).list().ofMaxSize(4)
        .map(members -> "{" + String.join(",", members) + "}");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, scalars()),
        net.jqwik.api.Tuple.of(1, arrays),
        net.jqwik.api.Tuple.of(1, objects));
  }

  /**
   * A JSON object made of token-response fields, then maybe cut or spliced. Half start from
   * {@code required} (valid members), so that the parsers get past their first checks.
   */
  private static Arbitrary<String> jsonObjects(String required) {
    Arbitrary<String> member = Combinators.combine(words(), values())
        .as((k, v) -> quoted(k) + ":" + v);
    Arbitrary<String> object = Combinators.combine(member.list().ofMaxSize(5),
        Arbitraries.of(true, false))
        .as((members, valid) -> {
          List<String> all = new ArrayList<>();
          if (valid) {
            all.add(required);
          }
          all.addAll(members);
          return "{" + String.join(",", all) + "}";
        });
    return Combinators.combine(object, Arbitraries.integers().between(0, 9),
        Arbitraries.integers().between(0, 1000), words())
        .as((json, mutation, at, junk) -> {
          int cut = json.isEmpty() ? 0 : at % (json.length() + 1);
          switch (mutation) {
            case 0:
              return json.substring(0, cut); // Truncated.
            case 1:
              return json.substring(0, cut) + junk + json.substring(cut); // Spliced.
            case 2:
              return json + junk; // Trailing data.
            default:
              return json; // Whole.
          }
        });
  }

  @Provide
  Arbitrary<String> tokenBodies() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, jsonObjects("\"access_token\":\"at-fuzz\"")),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(80)),
        net.jqwik.api.Tuple.of(1, values()));
  }

  @Provide
  Arbitrary<MockResponse> tokenAnswers() {
    Arbitrary<Integer> status = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.just(200)),
        net.jqwik.api.Tuple.of(4, Arbitraries.of(201, 204, 400, 401, 403, 404, 429, 500, 502,
            503)));
    Arbitrary<String> contentType = Arbitraries.of("application/json",
        "application/json; charset=utf-8", "text/html", "text/plain", "", "application/xml");
    return Combinators.combine(status, contentType, tokenBodies(),
        Arbitraries.of("", "0", "1", "12", "-5", "soon"))
        .as((code, type, body, retryAfter) -> {
          MockResponse.Builder answer = new MockResponse.Builder().code(code);
          if (!type.isEmpty()) {
            answer.setHeader("Content-Type", type);
          }
          if (!retryAfter.isEmpty()) {
            answer.setHeader("Retry-After", retryAfter);
          }
          return code == 204 ? answer.build() : answer.body(body).build();
        });
  }

  /** A callback URI: the redirect URI (or something else), a query of fuzzed parameters. */
  @Provide
  Arbitrary<String> callbackUris() {
    Arbitrary<String> names = Arbitraries.oneOf(
        Arbitraries.of("code", "state", "error", "error_description", "error_uri", "iss"),
        words());
    Arbitrary<String> values = Arbitraries.oneOf(
        Arbitraries.of(STATE, STATE, CODE, "access_denied", "https://id.example", ""),
        words(),
        words().map(w -> w.replace("%", "%25")));
    Arbitrary<String> parameter = Combinators.combine(names, values,
        Arbitraries.of("=", "=", "", "=="))
        .as((n, v, eq) -> n + eq + v);
    Arbitrary<String> base = Arbitraries.of(REDIRECT, REDIRECT, REDIRECT, "", "latchkey:cb",
        "http://[::1", "https://app.example/cb?x=1", "%", " ");
    Arbitrary<String> anything = Combinators.combine(base, Arbitraries.of("?", "?", "#", "&", ""),
        parameter.list().ofMaxSize(6), Arbitraries.of("&", "&", ";", "&&"))
        .as((b, sep, params, join) -> b + sep + String.join(join, params));
    // Near-valid: the right state and a code, plus a few fuzzed parameters, so that many tries
    // pass validation and reach the (fuzzed) token endpoint.
    Arbitrary<String> nearValid = Combinators.combine(
        Arbitraries.of(CODE, "c", "%41", "a%20b", "x".repeat(300)),
        parameter.list().ofMaxSize(2))
        .as((code, params) -> REDIRECT + "?state=" + STATE + "&code=" + code
            + (params.isEmpty() ? "" : "&" + String.join("&", params)));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, anything),
        net.jqwik.api.Tuple.of(1, nearValid));
  }

  @Provide
  Arbitrary<String> tokenFiles() {
    Arbitrary<String> entry = jsonObjects("\"access_token\":\"at-fuzz\",\"token_type\":"
        + "\"Bearer\",\"issued_at\":\"2030-01-01T00:00:00Z\"");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, entry.map(e -> "{\"version\":1,\"tokens\":{\"user\":" + e + "}}")),
        net.jqwik.api.Tuple.of(2, entry.map(e -> "{\"version\":1,\"tokens\":" + e + "}")),
        net.jqwik.api.Tuple.of(2, jsonObjects("\"version\":1")),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(60)));
  }

  // ------------------------------------------------------------------ properties

  @Property(tries = 3000)
  void tokenResponseParsersOnlyThrowMalformedResponseException(
      @ForAll("tokenBodies") String body) {
    try {
      Token token = TestHooks.parseTokenResponse(body, Set.of("read"));
      if (token.accessToken().isEmpty()) {
        throw new AssertionError("an empty access token was accepted");
      }
      outcome("response", Token.class);
    } catch (MalformedResponseException e) {
      outcome("response", e.getClass());
      assertSafe(e);
    } catch (RuntimeException | Error e) {
      throw new AssertionError("undocumented " + e.getClass().getName() + " for body "
          + quoted(body), e);
    }
  }

  @Property(tries = 300)
  void tokenEndpointOverHttpOnlyThrowsOAuth2Exceptions(
      @ForAll("tokenAnswers") MockResponse answer) throws Exception {
    ANSWER.set(answer);
    Token withRefresh = Token.builder().accessToken("old").refreshToken(RT)
        .issuedAt(Instant.now()).build();
    for (int grant = 0; grant < 2; grant++) {
      try {
        Token token = grant == 0 ? client.clientCredentials() : client.refresh(withRefresh);
        if (token.accessToken().isEmpty()) {
          throw new AssertionError("an empty access token was accepted");
        }
        outcome("http", Token.class);
      } catch (OAuth2Exception e) {
        outcome("http", e.getClass());
        // A server may echo anything; what the SDK sent must not come back out.
        if (grant == 0) {
          assertSafe(e, CLIENT_SECRET);
        } else {
          assertSafe(e, CLIENT_SECRET, RT);
        }
      } catch (IOException | RuntimeException | Error e) {
        throw new AssertionError("undocumented " + e.getClass().getName() + " for " + answer, e);
      }
    }
  }

  @Property(tries = 3000)
  void callbackParserOnlyThrowsInvalidCallbackException(@ForAll("callbackUris") String uri) {
    try {
      TestHooks.callbackParameters(uri);
      outcome("callback", "parsed");
    } catch (dev.latchkey.InvalidCallbackException e) {
      outcome("callback", e.reason());
      assertSafe(e);
    } catch (RuntimeException | Error e) {
      throw new AssertionError("undocumented " + e.getClass().getName() + " for " + uri, e);
    }
  }

  @Property(tries = 800)
  void exchangeOnlyThrowsOAuth2Exceptions(@ForAll("callbackUris") String uri,
      @ForAll("tokenAnswers") MockResponse answer) throws Exception {
    ANSWER.set(answer);
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    String state = request.url().queryParameter("state");
    String callback = uri.replace(STATE, state);
    try {
      client.exchange(request, callback);
      outcome("exchange", Token.class);
    } catch (OAuth2Exception e) {
      outcome("exchange", e instanceof dev.latchkey.InvalidCallbackException
          ? ((dev.latchkey.InvalidCallbackException) e).reason() : e.getClass());
      // The callback's own error_description or iss may quote anything, the state and code
      // included, and so may the server's answer: what the SDK sent must not come back out.
      assertSafe(e, CLIENT_SECRET);
    } catch (IOException | RuntimeException | Error e) {
      throw new AssertionError("undocumented " + e.getClass().getName() + " for " + callback, e);
    }
  }

  @Property(tries = 500)
  void tokenFileParserOnlyThrowsOAuth2Exception(@ForAll("tokenFiles") String content)
      throws IOException {
    Path path = dir.resolve("tokens.json");
    Files.write(path, content.getBytes(UTF_8));
    try {
      outcome("file", TokenStore.file(path).load("user") == null ? "none" : Token.class);
    } catch (OAuth2Exception e) {
      outcome("file", e.getClass());
      assertSafe(e);
    } catch (IOException | RuntimeException | Error e) {
      throw new AssertionError("undocumented " + e.getClass().getName() + " for " + content, e);
    }
  }

  /**
   * The message and everything it carries hold none of {@code secrets} (by default all the
   * test's), and no control character.
   */
  private static void assertSafe(OAuth2Exception e, String... secrets) {
    if (secrets.length == 0) {
      secrets = new String[] {CLIENT_SECRET, RT};
    }
    String all = LeakGuard.stackTrace(e);
    for (String secret : secrets) {
      if (all.contains(secret)) {
        throw new AssertionError("a secret leaked into " + all);
      }
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      throw new AssertionError("no message", e);
    }
    for (char c : message.toCharArray()) {
      if (Character.isISOControl(c)) {
        throw new AssertionError("a control character in: " + message, e);
      }
    }
  }
}
