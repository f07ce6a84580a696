package dev.latchkey;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The device authorization grant (RFC 8628): starts at the device authorization endpoint, then
 * polls the token endpoint through {@link Grants} (the one token-endpoint path) at the pace the
 * server sets, on the client's clock and sleeper.
 */
final class DeviceFlow {
  /** RFC 8628 §3.2: the interval when the server names none. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  /** RFC 8628 §3.5: what each {@code slow_down} adds to the interval. */
  static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
  /** The shortest interval believed: a server saying 0 still gets a pause between polls. */
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  /** Longest user code shown; RFC 8628 §6.1 codes are a handful of characters. */
  private static final int MAX_USER_CODE = 64;

  private final ClientConfig config;
  private final Grants grants;

  DeviceFlow(ClientConfig config, Grants grants) {
    this.config = config;
    this.grants = grants;
  }

  /** Sends the device authorization request (RFC 8628 §3.1) and reads its answer (§3.2). */
  DeviceAuthorization start(Set<String> scopes) throws IOException {
    HttpUrl endpoint = config.provider.deviceAuthorizationEndpoint();
    if (endpoint == null) {
      throw new IllegalStateException("Provider " + config.provider.name() + " has no device"
          + " authorization endpoint; set Provider.Builder.deviceAuthorizationEndpoint or use"
          + " Provider.discover with a server that offers the device flow");
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (!scopes.isEmpty()) {
      params.put("scope", String.join(" ", scopes));
    }
    Map<String, Object> json = grants.postForm(endpoint, params, "device authorization");
    Instant now = config.clock.instant();
    String deviceCode = requiredString(json, "device_code", endpoint);
    String userCode = requiredString(json, "user_code", endpoint);
    if (userCode.length() > MAX_USER_CODE || Texts.firstNonHeaderChar(userCode.replace(' ', '-'))
        >= 0) {
      throw malformed(endpoint, "a user_code that is not a short line of visible characters");
    }
    HttpUrl verification = url(json, "verification_uri", endpoint);
    if (verification == null) {
      throw malformed(endpoint, "no verification_uri");
    }
    Long expiresIn = TokenResponses.seconds(json.get("expires_in"));
    if (expiresIn == null || expiresIn <= 0) {
      throw malformed(endpoint, "no positive expires_in");
    }
    Long interval = TokenResponses.seconds(json.get("interval"));
    Duration pace = interval == null ? DEFAULT_INTERVAL : Duration.ofSeconds(interval);
    if (pace.compareTo(MIN_INTERVAL) < 0) {
      pace = MIN_INTERVAL;
    }
    long lifetime = Math.min(expiresIn, TokenResponses.MAX_EXPIRES_IN_SECONDS);
    return new DeviceAuthorization(deviceCode, userCode, verification,
        url(json, "verification_uri_complete", endpoint), now.plusSeconds(lifetime), pace,
        Collections.unmodifiableSet(new LinkedHashSet<>(scopes)));
  }

  /**
   * Polls until the user approves (RFC 8628 §3.4–3.5): waits the interval before each poll,
   * adds 5 seconds on every {@code slow_down}, and stops on denial, expiry or cancellation.
   */
  Token await(DeviceAuthorization device) throws IOException {
    long interval = device.interval().toMillis();
    long expiresAt = device.expiresAt().toEpochMilli();
    long nextPoll = config.clock.millis() + interval;
    while (true) {
      if (device.isCancelled()) {
        throw new OAuth2Exception("The device login was cancelled before the user approved it");
      }
      long now = config.clock.millis();
      if (now >= expiresAt) {
        throw new OAuth2Exception("The user did not approve the device login at "
            + device.verificationUri() + " before its code expired at " + device.expiresAt()
            + "; start the device flow again");
      }
      if (now < nextPoll) {
        pause(device, Math.min(nextPoll, expiresAt) - now);
        continue;
      }
      try {
        return grants.deviceCode(device.deviceCode(), device.scopes());
      } catch (TokenEndpointException e) {
        switch (e.errorCode()) {
          case AUTHORIZATION_PENDING:
            break;
          case SLOW_DOWN:
            interval += SLOW_DOWN_STEP.toMillis();
            break;
          case ACCESS_DENIED:
            throw new AuthorizationDeniedException("The user denied the device login at "
                + config.provider.name() + "; start the device flow again if that was a mistake",
                e.response());
          default:
            throw e;
        }
        nextPoll = config.clock.millis() + interval;
      }
    }
  }

  private void pause(DeviceAuthorization device, long millis) throws IOException {
    try {
      config.sleeper.sleepUnless(device.cancelledLatch(), millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for the user to approve the"
          + " device login");
    }
  }

  private static String requiredString(Map<String, Object> json, String name, HttpUrl endpoint)
      throws MalformedResponseException {
    Object value = json.get(name);
    if (!(value instanceof String) || ((String) value).isEmpty()) {
      throw malformed(endpoint, "no " + name);
    }
    return (String) value;
  }

  /** A URL from the answer, shown to the user: absolute, and https except on loopback. */
  private static HttpUrl url(Map<String, Object> json, String name, HttpUrl endpoint)
      throws MalformedResponseException {
    Object value = json.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Urls.requireSecure(Urls.parse(String.valueOf(value), name), name);
    } catch (IllegalArgumentException e) {
      throw malformed(endpoint, "an unusable " + name + " (" + Texts.quote(e.getMessage()) + ")");
    }
  }

  private static MalformedResponseException malformed(HttpUrl endpoint, String what) {
    return new MalformedResponseException("The device authorization response from "
        + Urls.redact(endpoint) + " has " + what + " (RFC 8628 §3.2); the server did not start a"
        + " device login", 200, null, null);
  }
}
