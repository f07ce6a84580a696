package dev.latchkey.mockserver;

import java.time.Duration;

/**
 * A provider's settings for the protocol extensions: DPoP (RFC 9449), PAR (RFC 9126), OpenID
 * Connect, the device flow (RFC 8628) and certificate-bound tokens (RFC 8705). Immutable; set
 * through {@link MockProvider.Builder}.
 */
final class ProviderExtensions {
  /** RFC 8628 §3.2 {@code expires_in}: how long a device code lives unless set. */
  static final Duration DEVICE_CODE_LIFETIME = Duration.ofMinutes(10);
  /** RFC 8628 §3.2 {@code interval}: 5 s is its default. */
  static final Duration DEVICE_POLLING_INTERVAL = Duration.ofSeconds(5);

  final boolean requireDpop;
  final boolean dpopNonce;
  final String parPath;
  final boolean requirePar;
  final boolean openId;
  final MockProvider.SigningAlgorithm idTokenAlg;
  final Duration deviceCodeLifetime;
  final Duration devicePollingInterval;
  final boolean certificateBound;

  ProviderExtensions(boolean requireDpop, boolean dpopNonce, String parPath, boolean requirePar,
      boolean openId, MockProvider.SigningAlgorithm idTokenAlg, Duration deviceCodeLifetime,
      Duration devicePollingInterval, boolean certificateBound) {
    this.requireDpop = requireDpop;
    this.dpopNonce = dpopNonce;
    this.parPath = parPath;
    this.requirePar = requirePar;
    this.openId = openId;
    this.idTokenAlg = idTokenAlg;
    this.deviceCodeLifetime = deviceCodeLifetime;
    this.devicePollingInterval = devicePollingInterval;
    this.certificateBound = certificateBound;
  }
}
