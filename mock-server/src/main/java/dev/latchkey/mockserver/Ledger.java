package dev.latchkey.mockserver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server handed out and must remember until it ends: tokens, codes, pending consents,
 * pushed requests, device authorizations, used one-time keys and DPoP nonces. Owned by
 * {@link ServerState}. Concurrent maps and atomics only: no lock on the hot path, so hundreds of
 * clients can run at once.
 */
final class Ledger {
  static final Duration CONSENT_LIFETIME = Duration.ofMinutes(10);
  /** How long a DPoP nonce the server handed out stays good. */
  static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);
  /** Long enough that tests still get "expired" rather than "unknown" for recent tokens. */
  static final Duration PURGE_AFTER = Duration.ofDays(1);
  /** A power of two: every this many tokens issued, forget what ended long ago. */
  private static final int PURGE_EVERY = 1024;

  private final Clock clock;
  private final Settings settings;
  private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
  private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
  private final Map<String, AuthorizationRequest> consents = new ConcurrentHashMap<>();
  private final Map<String, PushedRequest> pushed = new ConcurrentHashMap<>();
  private final Map<String, DeviceAuthorization> devices = new ConcurrentHashMap<>();
  private final Map<String, DeviceAuthorization> userCodes = new ConcurrentHashMap<>();
  /** Used {@code jti}s (and other one-time keys) until they could no longer be accepted. */
  private final Map<String, Instant> used = new ConcurrentHashMap<>();
  private final Map<String, Instant> nonces = new ConcurrentHashMap<>();
  private final AtomicLong issued = new AtomicLong();

  /** {@code settings} is the server's live settings, read for lifetimes at each issue. */
  Ledger(Clock clock, Settings settings) {
    this.clock = clock;
    this.settings = settings;
  }

  private Instant now() {
    return clock.instant();
  }

  IssuedToken issue(Grant grant, boolean refresh, List<String> scopes, Confirmation cnf,
      Instant notAfter) {
    if ((issued.incrementAndGet() & (PURGE_EVERY - 1)) == 0) purge();
    MockProvider p = grant.provider;
    Instant expiresAt = now().plus(refresh ? settings.refreshLifetime(p)
        : settings.accessLifetime(p));
    if (notAfter != null && notAfter.isBefore(expiresAt)) expiresAt = notAfter;
    IssuedToken token = new IssuedToken(ServerState.randomToken(), refresh, grant, scopes, cnf,
        expiresAt);
    tokens.put(token.value, token);
    return token;
  }

  IssuedToken token(String value) {
    return value == null ? null : tokens.get(value);
  }

  /** Forgets tokens, codes and consents that ended more than {@link #PURGE_AFTER} ago. */
  void purge() {
    Instant cutoff = now().minus(PURGE_AFTER);
    tokens.values().removeIf(t -> t.expiresAt.isBefore(cutoff));
    codes.values().removeIf(c -> c.expiresAt.isBefore(cutoff));
    consents.values().removeIf(c -> c.expiresAt.isBefore(cutoff));
    Instant now = now();
    used.values().removeIf(until -> until.isBefore(now));
    pushed.values().removeIf(r -> r.expiresAt.isBefore(now));
    devices.values().removeIf(d -> d.expiresAt.isBefore(cutoff));
    userCodes.values().removeIf(d -> d.expiresAt.isBefore(now));
    nonces.values().removeIf(until -> until.isBefore(now));
  }

  boolean firstUse(String key, Instant until) {
    if (used.size() >= PURGE_EVERY * 16) purge();
    return used.putIfAbsent(key, until) == null;
  }

  String newDpopNonce() {
    if (nonces.size() >= PURGE_EVERY) purge();
    String nonce = ServerState.randomToken();
    nonces.put(nonce, now().plus(NONCE_LIFETIME));
    return nonce;
  }

  boolean dpopNonceValid(String nonce) {
    Instant until = nonce == null ? null : nonces.get(nonce);
    return until != null && now().isBefore(until);
  }

  /** Revokes a token; a refresh token takes its whole grant with it (RFC 7009 §2.1). */
  boolean revoke(String value) {
    IssuedToken token = tokens.get(value);
    if (token == null) return false;
    token.revoked = true;
    if (token.refresh) token.grant.revoked = true;
    return true;
  }

  int expireTokens(boolean refreshToo) {
    Instant now = now();
    int count = 0;
    for (IssuedToken t : tokens.values()) {
      if ((refreshToo || !t.refresh) && !t.isRevoked() && !t.isExpired(now)) {
        t.expiresAt = now;
        count++;
      }
    }
    return count;
  }

  void putCode(String code, AuthorizationCode issued) {
    codes.put(code, issued);
  }

  AuthorizationCode code(String code) {
    return code == null ? null : codes.get(code);
  }

  void putConsent(String id, AuthorizationRequest request) {
    consents.put(id, request);
  }

  AuthorizationRequest takeConsent(String id) {
    return id == null ? null : consents.remove(id);
  }

  boolean putDeviceAuthorization(DeviceAuthorization device) {
    if (devices.size() >= PURGE_EVERY) purge();
    if (userCodes.putIfAbsent(device.userCode, device) != null) return false;
    devices.put(device.deviceCode, device);
    return true;
  }

  boolean answerDevice(String userCode, boolean approve) {
    Objects.requireNonNull(userCode, "userCode == null");
    DeviceAuthorization device = userCodes.get(DeviceEndpoints.normalize(userCode));
    return device != null && device.answer(approve, now());
  }

  DeviceAuthorization deviceAuthorization(String deviceCode) {
    return deviceCode == null ? null : devices.get(deviceCode);
  }

  DeviceAuthorization deviceAuthorizationByUserCode(String userCode) {
    return userCode == null ? null : userCodes.get(userCode);
  }

  void putPushedRequest(String requestUri, PushedRequest request) {
    if (pushed.size() >= PURGE_EVERY) purge();
    pushed.put(requestUri, request);
  }

  PushedRequest takePushedRequest(String requestUri) {
    return requestUri == null ? null : pushed.remove(requestUri);
  }

  /** Forgets everything. */
  void clear() {
    tokens.clear();
    codes.clear();
    consents.clear();
    used.clear();
    pushed.clear();
    devices.clear();
    userCodes.clear();
    nonces.clear();
  }
}
