package dev.latchkey.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenListener.Renewal;
import dev.latchkey.mockserver.ManualClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The listener API alone: each event becomes the documented meter, with the documented tags. */
final class MicrometerTokenListenerTest {
  private static final String USER_KEY = "alice@example.com";
  private static final String ACCESS_TOKEN = "at-SECRET-access-value";
  private static final String REFRESH_TOKEN = "rt-SECRET-refresh-value";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Provider provider = Provider.standard(null, "https://id.example.com/token");
  private final MicrometerTokenListener listener =
      MicrometerTokenListener.builder(registry, "orders", provider).clock(clock).build();

  private Token token(Duration lifetime) {
    return Token.builder().accessToken(ACCESS_TOKEN).refreshToken(REFRESH_TOKEN)
        .issuedAt(clock.instant()).expiresAt(clock.instant().plus(lifetime)).build();
  }

  @Test
  void tokenRequestsAreTimedByGrantAndOutcomeAndRetriesCounted() {
    listener.tokenRequestFinished("client_credentials", 3, Duration.ofMillis(250), null);
    listener.tokenRequestFinished("refresh_token", 1, Duration.ofMillis(40),
        new SocketTimeoutException("read timed out"));

    assertEquals(1, registry.get("latchkey.token.requests")
        .tags("client", "orders", "provider", "standard", "grant", "client_credentials",
            "outcome", "ok")
        .timer().count());
    assertEquals(250, registry.get("latchkey.token.requests").tag("outcome", "ok").timer()
        .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS));
    assertEquals(1, registry.get("latchkey.token.requests")
        .tags("grant", "refresh_token", "outcome", "timeout").timer().count());
    assertEquals(2.0, registry.get("latchkey.token.request.retries")
        .tags("grant", "client_credentials").counter().count());
    assertTrue(registry.find("latchkey.token.request.retries").tag("grant", "refresh_token")
        .counters().isEmpty(), "a grant answered at once is not a retry");
  }

  @Test
  void renewalsAreTaggedByThreadAndSessionKind() {
    listener.renewalFinished(Renewal.succeeded(USER_KEY, false, true, Duration.ofMillis(30),
        token(Duration.ofHours(1))));
    listener.renewalFinished(Renewal.failed("app", true, false, Duration.ofMillis(70),
        new IOException("boom", new IOException("connection refused"))));

    assertEquals(1, registry.get("latchkey.renewals")
        .tags("session", "user", "thread", "background", "outcome", "ok").timer().count());
    assertEquals(1, registry.get("latchkey.renewals")
        .tags("session", "application", "thread", "caller", "outcome", "transient").timer()
        .count());
  }

  @Test
  void expiryGaugeFollowsTheApplicationTokenOnTheClock() {
    double before = registry.get("latchkey.token.expiry").tags("client", "orders").gauge().value();
    assertTrue(Double.isNaN(before), "no application token yet: " + before);

    listener.renewalFinished(Renewal.succeeded("app", true, false, Duration.ZERO,
        token(Duration.ofMinutes(10))));
    assertEquals(600.0, registry.get("latchkey.token.expiry").gauge().value());
    clock.advance(Duration.ofMinutes(4));
    assertEquals(360.0, registry.get("latchkey.token.expiry").gauge().value());
    assertEquals("seconds", registry.get("latchkey.token.expiry").gauge().getId().getBaseUnit());

    listener.renewalFinished(Renewal.succeeded(USER_KEY, false, false, Duration.ZERO,
        token(Duration.ofMinutes(1))));
    assertEquals(360.0, registry.get("latchkey.token.expiry").gauge().value(),
        "a user's token does not move the application's gauge");
  }

  @Test
  void expiryGaugeReadsAStoredTokenTheApplicationSessionTookUp() {
    listener.loaded(USER_KEY, false, token(Duration.ofMinutes(1)));
    assertTrue(Double.isNaN(registry.get("latchkey.token.expiry").gauge().value()),
        "a user's stored token does not move the application's gauge");

    listener.loaded("app", true, token(Duration.ofMinutes(30)));
    assertEquals(1800.0, registry.get("latchkey.token.expiry").gauge().value());
    clock.advance(Duration.ofMinutes(31));
    assertEquals(-60.0, registry.get("latchkey.token.expiry").gauge().value(),
        "an expired token reads below zero until the session renews it");
  }

  @Test
  void apiRetriesAndStoreFailuresAreCounted() {
    listener.retriedAfterRejection(USER_KEY, 401);
    listener.retriedAfterRejection("app", 401);
    listener.storeFailed(new IOException("redis down"));

    assertEquals(2.0, registry.get("latchkey.api.retries").tags("status", "401").counter()
        .count());
    assertEquals(1.0, registry.get("latchkey.store.failures").tags("exception", "IOException")
        .counter().count());
  }

  @Test
  void outcomesComeFromAFixedSet() {
    assertEquals("ok", MicrometerTokenListener.outcome(null));
    assertEquals("timeout", MicrometerTokenListener.outcome(
        new IOException("wrapped", new SocketTimeoutException())));
    assertEquals("transient", MicrometerTokenListener.outcome(
        new IOException("unreachable", new IOException("refused"))));
    assertEquals("error", MicrometerTokenListener.outcome(new IllegalStateException(USER_KEY)));
  }

  /** No tag value holds a token, a secret, a code or a user's session key. */
  @Test
  void noTagHoldsATokenOrASessionKey() {
    listener.renewalFinished(Renewal.succeeded(USER_KEY, false, true, Duration.ofMillis(1),
        token(Duration.ofHours(1))));
    listener.renewalFinished(Renewal.failed(USER_KEY, false, false, Duration.ofMillis(1),
        new IOException("refresh " + REFRESH_TOKEN + " of " + USER_KEY + " failed")));
    listener.retriedAfterRejection(USER_KEY, 401);
    listener.storeFailed(new IllegalStateException("key " + USER_KEY + " " + ACCESS_TOKEN));
    listener.tokenRequestFinished("refresh_token", 1, Duration.ofMillis(1),
        new IOException(REFRESH_TOKEN));

    assertNoTagContains(registry, USER_KEY, ACCESS_TOKEN, REFRESH_TOKEN, "SECRET");
  }

  @Test
  void builderNamesWhatIsMissing() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> MicrometerTokenListener.builder(registry, null, provider));
    assertEquals("client == null", e.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> MicrometerTokenListener.builder(registry, "", provider));
    assertEquals("client is empty; pass the app's name for the client", empty.getMessage());
  }

  static void assertNoTagContains(io.micrometer.core.instrument.MeterRegistry registry,
      String... secrets) {
    assertFalse(registry.getMeters().isEmpty());
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        for (String secret : secrets) {
          assertFalse(tag.getValue().contains(secret), meter.getId() + " holds " + secret);
        }
      }
    }
  }
}
