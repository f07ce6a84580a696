package dev.latchkey.spring;

import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One client's health: whether its token endpoint answers at all, how the application session's
 * last renewal went, and the seconds until its token expires. DOWN when the endpoint is
 * unreachable or the last renewal failed. The details hold no token, secret or user key.
 */
final class LatchkeyHealthIndicator implements HealthIndicator {
  /** A probe that takes longer than this counts as unreachable; health checks must be quick. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final LatchkeyClients.Configured configured;
  private final OkHttpClient probe;

  LatchkeyHealthIndicator(LatchkeyClients.Configured configured) {
    this.configured = configured;
    this.probe = configured.client().httpClient().newBuilder()
        .callTimeout(PROBE_TIMEOUT)
        .followRedirects(false)
        .build();
  }

  @Override
  public Health health() {
    HttpUrl endpoint = configured.client().provider().tokenEndpoint();
    Health.Builder health = Health.up()
        .withDetail("provider", configured.client().provider().name())
        .withDetail("tokenEndpoint", endpoint.newBuilder().query(null).build().toString());
    // Any HTTP answer (a GET to a token endpoint is usually a 405) means it is reachable.
    try (Response response = probe.newCall(new Request.Builder().url(endpoint).build())
        .execute()) {
      health.withDetail("tokenEndpointReachable", response.code() > 0);
    } catch (IOException e) {
      health.down().withDetail("tokenEndpointReachable", false)
          .withDetail("tokenEndpointError", e.getClass().getSimpleName());
    }
    ClientState.LastRenewal last = configured.state().lastRenewal();
    if (last == null) {
      health.withDetail("lastRenewal", "none yet");
    } else {
      health.withDetail("lastRenewal", last.failure() == null ? "ok" : "failed: " + last.failure())
          .withDetail("lastRenewalAt", last.at().toString());
      if (last.failure() != null) {
        health.down();
      }
    }
    Long seconds = configured.state().secondsToExpiry();
    if (seconds != null) {
      health.withDetail("secondsToExpiry", seconds);
    }
    return health.build();
  }
}
