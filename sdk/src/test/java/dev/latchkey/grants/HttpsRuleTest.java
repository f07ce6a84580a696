package dev.latchkey.grants;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTPS everywhere except loopback (RFC 9700 §2.6, RFC 8252 §7.3), for endpoints and redirects. */
final class HttpsRuleTest {
  private static final String LOOPBACK_ONLY =
      "; plain http is allowed only for loopback hosts (localhost, 127.0.0.1, ::1)";

  static Stream<Arguments> builtIns() {
    return Stream.of(
        Arguments.of("ora", (Function<String, Provider>) Provider::ora),
        Arguments.of("orangeLogic", (Function<String, Provider>) Provider::orangeLogic),
        Arguments.of("organizationApiBasic",
            (Function<String, Provider>) Provider::organizationApiBasic),
        Arguments.of("organizationApiQuery",
            (Function<String, Provider>) Provider::organizationApiQuery),
        Arguments.of("orgo", (Function<String, Provider>) Provider::orgo),
        Arguments.of("onna", (Function<String, Provider>) Provider::onna));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtIns")
  void builtInRefusesPlainHttpBaseUrl(String name, Function<String, Provider> factory) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> factory.apply("http://auth.example.com/"));
    assertEquals("baseUrl must use https: \"http://auth.example.com/\"" + LOOPBACK_ONLY,
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtIns")
  void builtInAcceptsHttpsAndLoopback(String name, Function<String, Provider> factory) {
    assertEquals("https", factory.apply("https://auth.example.com/").tokenEndpoint().scheme());
    for (String base : new String[] {"http://127.0.0.1:8080/", "http://localhost/",
        "http://[::1]:9000/", "http://127.10.0.3/"}) {
      assertEquals("http", factory.apply(base).tokenEndpoint().scheme(), base);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost.evil.com/", "http://127.0.0.1.nip.io/",
      "http://10.0.0.1/", "http://192.168.1.10:8080/", "http://[::2]/", "http://0.0.0.0/"})
  void lookalikeLoopbackHostsAreRefused(String base) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Provider.orgo(base));
    assertEquals("baseUrl must use https: \"" + base + "\"" + LOOPBACK_ONLY, e.getMessage());
  }

  @Test
  void standardRefusesPlainHttpForEitherEndpoint() {
    IllegalArgumentException token = assertThrows(IllegalArgumentException.class,
        () -> Provider.standard("https://id.example.com/authorize", "http://id.example.com/token"));
    assertEquals("tokenEndpoint must use https: \"http://id.example.com/token\"" + LOOPBACK_ONLY,
        token.getMessage());
    IllegalArgumentException authorize = assertThrows(IllegalArgumentException.class,
        () -> Provider.standard("http://id.example.com/authorize", "https://id.example.com/token"));
    assertEquals("authorizationEndpoint must use https: \"http://id.example.com/authorize\""
        + LOOPBACK_ONLY, authorize.getMessage());
  }

  @Test
  void builderRefusesPlainHttpForEveryEndpoint() {
    Provider.Builder builder = Provider.builder();
    assertRefused("userinfoEndpoint", () -> builder.userinfoEndpoint("http://a.example/u"));
    assertRefused("revocationEndpoint", () -> builder.revocationEndpoint("http://a.example/r"));
    assertRefused("tokenEndpoint", () -> builder.tokenEndpoint("http://a.example/t"));
    assertRefused("authorizationEndpoint",
        () -> builder.authorizationEndpoint("http://a.example/a"));
  }

  private static void assertRefused(String name, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(true, e.getMessage().startsWith(name + " must use https: \"http://a.example/"),
        e.getMessage());
  }

  @Test
  void standardAcceptsLoopbackHttp() {
    Provider provider = Provider.standard("http://localhost:8080/authorize",
        "http://127.0.0.1:8080/token").newBuilder()
        .revocationEndpoint("http://[::1]:8080/revoke")
        .build();
    assertEquals("::1", provider.revocationEndpoint().host());
  }

  @Test
  void relativeOrMalformedEndpointIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Provider.standard(null, "/oauth/token"));
    assertEquals("tokenEndpoint is not an absolute http(s) URL: \"/oauth/token\"; pass a full URL"
        + " such as https://auth.example.com/oauth/token", e.getMessage());
  }

  @Test
  void baseUrlWithQueryIsRefusedWithoutShowingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Provider.ora("https://ora.example.com/?api_key=hush"));
    assertEquals("baseUrl must not have a query or fragment: \"https://ora.example.com/\"",
        e.getMessage());
  }

  // ------------------------------------------------------------------------- redirect URIs

  @ParameterizedTest
  @ValueSource(strings = {"https://app.example/callback", "https://app.example:8443/cb?x=1",
      "http://127.0.0.1:53682/callback", "http://localhost:8080/cb", "http://[::1]:8765/cb",
      "com.example.app:/oauth2redirect", "com.example.app://callback/path"})
  void redirectUriAccepted(String redirectUri) {
    try (OAuth2Client client = OAuth2Client.builder().redirectUri(redirectUri)
        .provider(Provider.orgo("https://orgo.example/")).clientId("c").build()) {
      assertEquals(redirectUri, client.redirectUri());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://app.example/callback", "HTTP://app.example/cb",
      "http://localhost.evil.com/cb", "http://127.0.0.1.evil.com/cb"})
  void plainHttpRedirectUriIsRefused(String redirectUri) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OAuth2Client.builder().redirectUri(redirectUri));
    assertEquals("redirectUri must use https: \"" + redirectUri + "\"; plain http is allowed only"
        + " for loopback hosts (RFC 8252 §7.3)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/callback", "callback", "//app.example/cb"})
  void relativeRedirectUriIsRefused(String redirectUri) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OAuth2Client.builder().redirectUri(redirectUri));
    assertEquals("redirectUri must be absolute: \"" + redirectUri + "\"; pass a full URI such as"
        + " https://app.example/callback", e.getMessage());
  }

  @Test
  void redirectUriWithFragmentIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OAuth2Client.builder().redirectUri("https://app.example/cb#done"));
    assertEquals("redirectUri must not contain a fragment: \"https://app.example/cb#done\""
        + " (RFC 6749 §3.1.2)", e.getMessage());
  }

  @Test
  void perRequestRedirectUriFollowsTheSameRule() {
    try (OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.orgo("https://orgo.example/")).clientId("c").build()) {
      assertThrows(IllegalArgumentException.class,
          () -> client.newAuthorizationRequest().redirectUri("http://app.example/cb"));
      assertEquals("http://127.0.0.1:1234/cb", client.newAuthorizationRequest()
          .redirectUri("http://127.0.0.1:1234/cb").build().redirectUri());
    }
  }
}
