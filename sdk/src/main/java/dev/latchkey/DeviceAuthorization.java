package dev.latchkey;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import okhttp3.HttpUrl;

/**
 * A started device authorization (RFC 8628 §3.2): what to show the user, and the device code the
 * client polls the token endpoint with. Obtain one from
 * {@link OAuth2Client#startDeviceAuthorization(String...)}, show the user
 * {@link #verificationUri()} and {@link #userCode()} (or {@link #verificationUriComplete()}, which
 * carries the code), then wait with {@link OAuth2Client#awaitDeviceToken(DeviceAuthorization)}.
 *
 * <pre>{@code
 * DeviceAuthorization device = client.startDeviceAuthorization("profile");
 * System.out.println("Open " + device.verificationUri() + " and enter " + device.userCode());
 * Token token = client.awaitDeviceToken(device);   // polls at the server's pace
 * client.session("alice").save(token);
 * }</pre>
 *
 * <p>{@link #cancel()} stops a wait from any thread. {@link #toString()} shows neither code.
 */
public final class DeviceAuthorization {
  private final String deviceCode;
  private final String userCode;
  private final HttpUrl verificationUri;
  private final HttpUrl verificationUriComplete;
  private final Instant expiresAt;
  private final Duration interval;
  private final Set<String> scopes;
  private final CountDownLatch cancelled = new CountDownLatch(1);

  DeviceAuthorization(String deviceCode, String userCode, HttpUrl verificationUri,
      HttpUrl verificationUriComplete, Instant expiresAt, Duration interval, Set<String> scopes) {
    this.deviceCode = deviceCode;
    this.userCode = userCode;
    this.verificationUri = verificationUri;
    this.verificationUriComplete = verificationUriComplete;
    this.expiresAt = expiresAt;
    this.interval = interval;
    this.scopes = scopes;
  }

  /**
   * Returns the code the user enters at {@link #verificationUri()} ({@code user_code}).
   *
   * @return the user code, such as {@code WDJB-MJHT}
   */
  public String userCode() {
    return userCode;
  }

  /**
   * Returns the page where the user enters the code and approves ({@code verification_uri}).
   *
   * @return the verification URI
   */
  public HttpUrl verificationUri() {
    return verificationUri;
  }

  /**
   * Returns the verification page with the user code already in it
   * ({@code verification_uri_complete}), for a link or a QR code.
   *
   * @return the URI, or null when the server sent none
   */
  public HttpUrl verificationUriComplete() {
    return verificationUriComplete;
  }

  /**
   * Returns when the device code expires ({@code expires_in} after receipt, by the client's
   * clock); a user who has not approved by then has to start again.
   *
   * @return the expiry
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Returns how long the client waits between polls as the server first asked
   * ({@code interval}, 5 seconds when absent); each {@code slow_down} adds 5 seconds to a wait.
   *
   * @return the initial polling interval
   */
  public Duration interval() {
    return interval;
  }

  /**
   * Returns the requested scopes.
   *
   * @return an unmodifiable set, possibly empty
   */
  public Set<String> scopes() {
    return scopes;
  }

  /**
   * Stops {@link OAuth2Client#awaitDeviceToken(DeviceAuthorization)} waiting for this
   * authorization, from any thread: it throws at once, without another poll.
   */
  public void cancel() {
    cancelled.countDown();
  }

  /**
   * Tells whether {@link #cancel()} was called.
   *
   * @return true once cancelled
   */
  public boolean isCancelled() {
    return cancelled.getCount() == 0;
  }

  String deviceCode() {
    return deviceCode;
  }

  CountDownLatch cancelledLatch() {
    return cancelled;
  }

  /** Returns a description without the device code or the user code. */
  @Override
  public String toString() {
    return "DeviceAuthorization{verificationUri=" + verificationUri + ", expiresAt=" + expiresAt
        + ", interval=" + interval + ", scopes=" + scopes + "}";
  }
}
