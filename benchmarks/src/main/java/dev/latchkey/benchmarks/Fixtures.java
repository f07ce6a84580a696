package dev.latchkey.benchmarks;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** What the benchmarks and harnesses share: realistic token strings and small statistics. */
final class Fixtures {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Fixtures() {
  }

  /** Returns a token like the mock server's (and many providers'): 256 random bits, base64url. */
  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Returns the {@code p}-th percentile (0 to 100) of {@code values}, nearest rank. */
  static long percentile(long[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static String millis(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  /**
   * Plays the browser against the mock server (consent auto-approve): fetches the authorization
   * URL and returns the callback URI it redirects to.
   */
  static String authorizeInBrowser(OkHttpClient http, HttpUrl authorizationUrl)
      throws IOException {
    OkHttpClient browser = http.newBuilder().followRedirects(false).build();
    try (Response response = browser.newCall(new Request.Builder().url(authorizationUrl).build())
        .execute()) {
      String location = response.header("Location");
      if (response.code() != 302 || location == null) {
        throw new IOException("authorize answered " + response.code() + ", not a redirect");
      }
      return location;
    }
  }
}
