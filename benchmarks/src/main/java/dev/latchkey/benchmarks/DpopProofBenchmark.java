package dev.latchkey.benchmarks;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a DPoP proof costs (issue 16): one API request through {@code session.authorize(...)}
 * with a bearer token and with a DPoP-bound token, each answered in-process by an interceptor
 * placed after the session's, so no network is measured. The difference between
 * {@code dpopRequest} and {@code bearerRequest} is the proof: a fresh {@code jti}, the
 * {@code ath} hash, JSON and one signature ({@code alg}: ES256, PS256 or RS256).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DpopProofBenchmark {
  @Param({"ES256", "PS256", "RS256"})
  public String algorithm;

  OAuth2Client bearerClient;
  OAuth2Client dpopClient;
  OkHttpClient bearer;
  OkHttpClient dpop;
  Request request;

  /** Answers the token endpoint and the API without a network. */
  static final class Answer implements Interceptor {
    private static final MediaType JSON = MediaType.get("application/json");
    private final String tokenType;

    Answer(String tokenType) {
      this.tokenType = tokenType;
    }

    @Override
    public Response intercept(Chain chain) {
      Request request = chain.request();
      String body = request.url().encodedPath().equals("/token")
          ? "{\"access_token\":\"" + Fixtures.randomToken() + "\",\"token_type\":\"" + tokenType
              + "\",\"expires_in\":3600}"
          : "{}";
      return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(200)
          .message("OK").body(ResponseBody.create(body, JSON)).build();
    }
  }

  private static OAuth2Client client(String tokenType, String algorithm) {
    OAuth2Client.Builder builder = OAuth2Client.builder()
        .provider(Provider.standard(null, "http://127.0.0.1:9/token"))
        .clientId("bench-client")
        .clientSecret("bench-secret")
        .httpClient(new OkHttpClient.Builder().addInterceptor(new Answer(tokenType)).build());
    return algorithm == null ? builder.build() : builder.dpop(algorithm).build();
  }

  private static OkHttpClient api(OAuth2Client client, String tokenType) throws IOException {
    TokenSession session = client.clientCredentialsSession();
    session.accessToken(); // The one token request, before measuring.
    return session.authorize(new OkHttpClient()).newBuilder()
        .addInterceptor(new Answer(tokenType)).build();
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    bearerClient = client("Bearer", null);
    dpopClient = client("DPoP", algorithm);
    bearer = api(bearerClient, "Bearer");
    dpop = api(dpopClient, "DPoP");
    request = new Request.Builder().url("http://127.0.0.1:9/api/items?page=2").build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    bearerClient.close();
    dpopClient.close();
  }

  @Benchmark
  public int bearerRequest() throws IOException {
    try (Response response = bearer.newCall(request).execute()) {
      return response.code();
    }
  }

  @Benchmark
  public int dpopRequest() throws IOException {
    try (Response response = dpop.newCall(request).execute()) {
      return response.code();
    }
  }
}
