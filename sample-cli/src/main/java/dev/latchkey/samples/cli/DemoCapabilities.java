package dev.latchkey.samples.cli;

import dev.latchkey.DeviceAuthorization;
import dev.latchkey.Dialect;
import dev.latchkey.ErrorCode;
import dev.latchkey.MutualTls;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.SigningKey;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.DemoClients;
import dev.latchkey.mockserver.ManualClock;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.mockserver.MockProvider;
import dev.latchkey.oidc.OidcVerifier;
import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code demo}'s rows for the protocol extensions, each against the embedded mock server's
 * standard provider found by discovery: DPoP, private_key_jwt with PAR, mutual TLS, the device
 * flow, token exchange and an OpenID Connect sign-in.
 */
final class DemoCapabilities {
  private static final MockProvider STANDARD = MockProvider.STANDARD;
  private static final String ALLOWED_AUDIENCE = "orders-api";

  private final MockAuthServer mock;
  private final ManualClock clock;
  private final OkHttpClient http;
  private final DemoCertificates certificates;
  private final DemoClient demo;

  DemoCapabilities(MockAuthServer mock, ManualClock clock, OkHttpClient http,
      DemoCertificates certificates) {
    this.mock = mock;
    this.clock = clock;
    this.http = http;
    this.certificates = certificates;
    this.demo = mock.demoClient(STANDARD);
  }

  private String userinfo() {
    return mock.baseUrl(STANDARD) + "userinfo";
  }

  private Provider discover() throws IOException {
    return Provider.discover(http, mock.baseUrl(STANDARD).toString().replaceAll("/$", ""));
  }

  /** The standard demo client on the discovered provider and the demo's clock. */
  private OAuth2Client.Builder client() throws IOException {
    return OAuth2Client.builder()
        .provider(discover())
        .clientId(demo.clientId())
        .redirectUri(HeadlessLogin.REDIRECT_URI)
        .clock(clock)
        .httpClient(http);
  }

  private static TokenSession signIn(OAuth2Client client, boolean par) throws IOException {
    TokenSession session = client.session("demo-user");
    session.save(HeadlessLogin.login(client, par));
    return session;
  }

  private String get(TokenSession session, OkHttpClient through, String url) throws IOException {
    return DemoCommand.call(session.authorize(through), new Request.Builder().url(url).build());
  }

  String dpop(Duration pastExpiry) throws Exception {
    mock.settings(STANDARD).dpopNonce(true);
    try (OAuth2Client client = client().clientSecret(demo.clientSecret()).dpop().build()) {
      TokenSession session = signIn(client, false);
      get(session, http, userinfo());
      String first = session.accessToken();
      clock.advance(pastExpiry);
      get(session, http, userinfo());
      if (!session.token().isDpopBound() || first.equals(session.accessToken())) {
        throw new IllegalStateException("the refreshed token is not a new DPoP-bound one");
      }
      return "userinfo with a proof; refreshed with the same key";
    } finally {
      mock.settings(STANDARD).dpopNonce(false);
    }
  }

  String privateKeyJwtWithPar() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = ec.generateKeyPair();
    mock.client(STANDARD, demo.clientId()).key(keys.getPublic(), "demo-key");
    SigningKey key = SigningKey.of(keys.getPrivate()).withKeyId("demo-key");
    try (OAuth2Client client = client().clientKey(key).build()) {
      get(signIn(client, true), http, userinfo());
      return "request pushed, code exchanged; ES256 assertions, no secret";
    }
  }

  String mutualTls() throws Exception {
    if (mock.mtlsUrl() == null) {
      throw new IllegalStateException("the mock server's mutual TLS listener is not running");
    }
    mock.client(STANDARD, demo.clientId())
        .tlsClientCertificate(certificates.client.certificate());
    OkHttpClient tls = MutualTls.configure(http.newBuilder(),
        certificates.client.certificatePem(), certificates.client.privateKeyPkcs8Pem(),
        certificates.server.certificatePem()).build();
    Provider provider = discover(); // mtls_endpoint_aliases lead token requests to the listener
    try (OAuth2Client client = OAuth2Client.builder()
        .provider(provider.newBuilder().dialect(provider.dialect().newBuilder()
            .clientAuthentication(Dialect.ClientAuthentication.SELF_SIGNED_TLS_CLIENT_AUTH)
            .build()).build())
        .clientId(demo.clientId())
        .clock(clock)
        .httpClient(tls)
        .build()) {
      TokenSession app = client.clientCredentialsSession();
      get(app, tls, mock.mtlsUrl() + "standard/userinfo");
      Request withoutCertificate = new Request.Builder().url(userinfo())
          .header("Authorization", "Bearer " + app.accessToken()).build();
      try (Response refused = http.newCall(withoutCertificate).execute()) {
        if (refused.code() != 401) {
          throw new IllegalStateException("the bound token worked without its certificate");
        }
      }
      return "bound token works with its certificate, 401 without";
    }
  }

  String deviceFlow() throws Exception {
    // The client waits the polling interval by the wall clock (the demo's clock stands still).
    mock.settings(STANDARD).devicePollingInterval(Duration.ofSeconds(1));
    try (OAuth2Client tv = OAuth2Client.builder()
        .provider(discover())
        .clientId(DemoClients.STANDARD_PUBLIC.clientId())
        .scopes("profile")
        .httpClient(http)
        .build()) {
      DeviceAuthorization device = tv.startDeviceAuthorization();
      if (!mock.approveDevice(device.userCode())) {
        throw new IllegalStateException("the mock server does not know the user code");
      }
      TokenSession session = tv.session("demo-device");
      session.save(tv.awaitDeviceToken(device));
      return "user code " + TerminalText.line(device.userCode()) + " approved; userinfo for "
          + session.userInfo().get("name");
    }
  }

  String tokenExchange() throws Exception {
    mock.client(STANDARD, demo.clientId()).tokenExchangeAudiences(List.of(ALLOWED_AUDIENCE));
    try (OAuth2Client client = client().clientSecret(demo.clientSecret()).build()) {
      TokenSession user = signIn(client, false);
      TokenSession orders = client.newTokenExchange().subject(user).audience(ALLOWED_AUDIENCE)
          .build().session();
      get(orders, http, userinfo());
      try {
        client.newTokenExchange().subject(user).audience("billing-api").build().execute();
        throw new IllegalStateException("the server exchanged a token for billing-api");
      } catch (TokenEndpointException expected) {
        if (expected.errorCode() != ErrorCode.INVALID_TARGET) {
          throw expected;
        }
      }
      return "token for " + ALLOWED_AUDIENCE + "; billing-api refused (invalid_target)";
    }
  }

  String openIdSignIn() throws Exception {
    try (OAuth2Client client = client().clientSecret(demo.clientSecret())
        .scopes("openid", "profile", "email")
        .idTokenVerifier(OidcVerifier.create())
        .build()) {
      Token token = HeadlessLogin.login(client, false);
      Map<String, Object> claims = token.idTokenClaims();
      TokenSession session = client.session("demo-user");
      session.save(token);
      Map<String, Object> user = session.userInfo(); // its sub must be the ID token's
      return "ID token validated for " + claims.get("sub") + " <" + user.get("email") + ">";
    }
  }
}
