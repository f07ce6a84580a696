package dev.latchkey.benchmarks;

import com.google.api.client.auth.oauth2.BearerToken;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.Credential;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Goal 1, the hot path: a valid access token from a {@link TokenSession}, against the peer,
 * google-oauth-client's {@link Credential#getAccessToken()} on a valid token. Both are shared by
 * every benchmark thread, as an app shares one session (or one credential) among its request
 * threads. No network: the token is saved up front and stays valid for an hour.
 *
 * <p>Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HotPathBenchmark {

  /** One Latchkey session holding a valid token, shared by all threads. */
  @State(Scope.Benchmark)
  public static class LatchkeyState {
    OAuth2Client client;
    TokenSession session;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      // Nothing listens there: the token is valid, so the token endpoint is never called.
      client = OAuth2Client.builder()
          .provider(Provider.standard(null, "http://127.0.0.1:9/token"))
          .clientId("bench-client")
          .clientSecret("bench-secret")
          .build();
      session = client.session("user-1");
      Instant now = Instant.now();
      session.save(Token.builder()
          .accessToken(Fixtures.randomToken())
          .refreshToken(Fixtures.randomToken())
          .issuedAt(now)
          .expiresAt(now.plus(Duration.ofHours(1)))
          .build());
      session.accessToken(); // Loads the state, as the first request of a real app does.
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      session.close();
      client.close();
    }
  }

  /** One google-oauth-client credential holding a valid token, shared by all threads. */
  @State(Scope.Benchmark)
  public static class CredentialState {
    Credential credential;

    @Setup(Level.Trial)
    public void setUp() {
      // Configured as for refreshing, though the token stays valid and is never refreshed.
      credential = new Credential.Builder(BearerToken.authorizationHeaderAccessMethod())
          .setTransport(new NetHttpTransport())
          .setJsonFactory(GsonFactory.getDefaultInstance())
          .setTokenServerEncodedUrl("http://127.0.0.1:9/token")
          .setClientAuthentication(
              new ClientParametersAuthentication("bench-client", "bench-secret"))
          .build();
      credential.setAccessToken(Fixtures.randomToken());
      credential.setRefreshToken(Fixtures.randomToken());
      credential.setExpiresInSeconds(3600L);
    }
  }

  /** For reference: the one clock read the session's hot path makes ({@code Clock.systemUTC()}). */
  @Benchmark
  @Threads(1)
  public long systemClockMillis(LatchkeyState state) {
    return state.client.clock().millis();
  }

  @Benchmark
  @Threads(1)
  public String latchkeyOneThread(LatchkeyState state) throws IOException {
    return state.session.accessToken();
  }

  @Benchmark
  @Threads(2)
  public String latchkeyTwoThreads(LatchkeyState state) throws IOException {
    return state.session.accessToken();
  }

  @Benchmark
  @Threads(1)
  public String googleCredentialOneThread(CredentialState state) {
    return state.credential.getAccessToken();
  }

  @Benchmark
  @Threads(2)
  public String googleCredentialTwoThreads(CredentialState state) {
    return state.credential.getAccessToken();
  }

  /**
   * The peer doing what the session does: check that the token is still valid (its own 60 s
   * margin, as {@code Credential.intercept} does), then read it. Two lock round trips and a clock
   * read.
   */
  @Benchmark
  @Threads(1)
  public String googleCredentialCheckedOneThread(CredentialState state) {
    return checked(state.credential);
  }

  @Benchmark
  @Threads(2)
  public String googleCredentialCheckedTwoThreads(CredentialState state) {
    return checked(state.credential);
  }

  private static String checked(Credential credential) {
    Long expiresIn = credential.getExpiresInSeconds();
    if (expiresIn != null && expiresIn <= 60) {
      throw new IllegalStateException("the benchmark token should stay valid");
    }
    return credential.getAccessToken();
  }
}
