package dev.latchkey.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/**
 * An OpenID provider on MockWebServer for the verifier's tests: a JWKS it can rotate (counting
 * fetches), a token endpoint answering what a test queues, a userinfo endpoint, and a manual
 * clock. Tokens are signed with nimbus-jose-jwt's signers, independently of the code under test
 * (which only verifies).
 */
public final class TestIssuer implements AutoCloseable {
  public static final String CLIENT_ID = "web-app";
  static final OkHttpClient HTTP = new OkHttpClient();

  public final MockWebServer server = new MockWebServer();
  final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  final AtomicInteger jwksFetches = new AtomicInteger();
  /** The keys published at /jwks (public parts only). */
  final List<JWK> published = new CopyOnWriteArrayList<>();
  final ConcurrentLinkedQueue<MockResponse> tokenResponses = new ConcurrentLinkedQueue<>();
  final AtomicReference<String> userinfo = new AtomicReference<>("{}");
  final RSAKey rsa;
  final ECKey ec;

  public TestIssuer() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    published.add(rsa.toPublicJWK());
    published.add(ec.toPublicJWK());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.equals("/.well-known/oauth-authorization-server")) {
          return json("{\"issuer\":\"" + issuer() + "\",\"authorization_endpoint\":\""
              + issuer() + "/authorize\",\"token_endpoint\":\"" + issuer() + "/token\","
              + "\"userinfo_endpoint\":\"" + issuer() + "/userinfo\",\"jwks_uri\":\""
              + issuer() + "/jwks\",\"end_session_endpoint\":\"" + issuer() + "/logout\"}");
        }
        if (path.equals("/jwks")) {
          jwksFetches.incrementAndGet();
          return json(new JWKSet(new ArrayList<>(published)).toString(true));
        }
        if (path.equals("/token")) {
          MockResponse next = tokenResponses.poll();
          return next != null ? next : new MockResponse.Builder().code(500).build();
        }
        if (path.equals("/userinfo")) {
          return json(userinfo.get());
        }
        return new MockResponse.Builder().code(404).build();
      }
    });
    server.start();
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body(body).build();
  }

  public String issuer() {
    String root = server.url("/").toString();
    return root.substring(0, root.length() - 1);
  }

  Provider provider() {
    return Provider.standard(server.url("/authorize").toString(), server.url("/token").toString())
        .newBuilder()
        .issuer(issuer())
        .jwksUri(server.url("/jwks").toString())
        .userinfoEndpoint(server.url("/userinfo").toString())
        .endSessionEndpoint(server.url("/logout").toString())
        .build();
  }

  OAuth2Client client(OidcVerifier verifier) {
    return OAuth2Client.builder()
        .provider(provider())
        .clientId(CLIENT_ID)
        .clientSecret("web-app-secret")
        .redirectUri("http://127.0.0.1:9/cb")
        .scopes("openid", "profile")
        .httpClient(HTTP)
        .clock(clock)
        .idTokenVerifier(verifier)
        .build();
  }

  /** Claims that pass every check for {@code nonce}, issued now by the clock. */
  public JWTClaimsSet.Builder claims(String nonce) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer())
        .subject("alice")
        .audience(CLIENT_ID)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .claim("email", "alice@example.com");
    return nonce == null ? claims : claims.claim("nonce", nonce);
  }

  static String sign(JWK key, JWSAlgorithm alg, String kid, JWTClaimsSet claims)
      throws JOSEException {
    JWSSigner signer = key instanceof ECKey ? new ECDSASigner((ECKey) key)
        : new RSASSASigner((RSAKey) key);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  public String signRs256(JWTClaimsSet claims) throws JOSEException {
    return sign(rsa, JWSAlgorithm.RS256, rsa.getKeyID(), claims);
  }

  public void enqueueToken(String accessToken, String idToken) {
    tokenResponses.add(json("{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\","
        + "\"expires_in\":3600,\"refresh_token\":\"rt-1\""
        + (idToken == null ? "" : ",\"id_token\":\"" + idToken + "\"") + "}"));
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** A clock that moves only when told. */
  static final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;

    ManualClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advanceSeconds(long seconds) {
      now.updateAndGet(i -> i.plusSeconds(seconds));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
