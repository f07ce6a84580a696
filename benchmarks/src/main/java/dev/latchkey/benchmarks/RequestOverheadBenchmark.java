package dev.latchkey.benchmarks;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
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
 * Goal 2, request overhead: the same GET through {@code session.authorize(okHttpClient)} and
 * through the bare {@code OkHttpClient}, against a loopback MockWebServer whose dispatcher answers
 * 200 at once ({@link ApiServer}). The throughput ratio {@code latchkeyAuthorized / bareWithStaticHeader} is what the
 * session's interceptor and authenticator cost over sending a fixed header by hand; {@code bare}
 * (no header at all) is there for reference.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class RequestOverheadBenchmark {
  ApiServer server;
  OAuth2Client client;
  TokenSession session;
  OkHttpClient bare;
  OkHttpClient authorized;
  Request request;
  Request requestWithStaticHeader;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = new ApiServer(false);

    bare = new OkHttpClient();
    client = OAuth2Client.builder()
        .provider(Provider.standard(null, server.url("/token").toString()))
        .clientId("bench-client")
        .clientSecret("bench-secret")
        .httpClient(bare)
        .build();
    session = client.session("user-1");
    Instant now = Instant.now();
    String accessToken = Fixtures.randomToken();
    session.save(Token.builder()
        .accessToken(accessToken)
        .issuedAt(now)
        .expiresAt(now.plus(Duration.ofHours(1)))
        .build());
    authorized = session.authorize(bare);

    request = new Request.Builder().url(server.url("/v1/projects")).build();
    requestWithStaticHeader = request.newBuilder()
        .header("Authorization", "Bearer " + accessToken)
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    bare.dispatcher().executorService().shutdown();
    bare.connectionPool().evictAll();
    session.close();
    client.close();
    server.close();
  }

  @Benchmark
  public int bare() throws IOException {
    return call(bare, request);
  }

  @Benchmark
  public int bareWithStaticHeader() throws IOException {
    return call(bare, requestWithStaticHeader);
  }

  @Benchmark
  public int latchkeyAuthorized() throws IOException {
    return call(authorized, request);
  }

  private static int call(OkHttpClient http, Request request) throws IOException {
    try (Response response = http.newCall(request).execute()) {
      response.body().string();
      return response.code();
    }
  }
}
