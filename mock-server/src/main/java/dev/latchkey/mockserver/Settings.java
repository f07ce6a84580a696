package dev.latchkey.mockserver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lifetimes, rotation and consent mode: set before start, changeable at runtime, restored by a
 * reset. A per-provider value beats the global one, which beats the provider's default. Read and
 * written only through {@link MockSettings} and {@link ProviderSettings}.
 */
final class Settings {
  volatile ConsentMode consent = ConsentMode.AUTO_APPROVE;
  volatile Duration accessLifetime;
  volatile Duration refreshLifetime;
  volatile Boolean rotate;
  volatile Duration codeLifetime = Duration.ofSeconds(60);
  /** Per provider id. */
  final Map<String, Duration> accessLifetimes = new ConcurrentHashMap<>();
  final Map<String, Duration> refreshLifetimes = new ConcurrentHashMap<>();
  final Map<String, Boolean> rotates = new ConcurrentHashMap<>();
  final Map<String, Boolean> dpopNonces = new ConcurrentHashMap<>();
  final Map<String, Boolean> requirePars = new ConcurrentHashMap<>();
  final Map<String, Duration> deviceCodeLifetimes = new ConcurrentHashMap<>();
  final Map<String, Duration> devicePollingIntervals = new ConcurrentHashMap<>();

  Settings copy() {
    Settings s = new Settings();
    s.copyFrom(this);
    return s;
  }

  void copyFrom(Settings o) {
    consent = o.consent;
    accessLifetime = o.accessLifetime;
    refreshLifetime = o.refreshLifetime;
    rotate = o.rotate;
    codeLifetime = o.codeLifetime;
    replace(accessLifetimes, o.accessLifetimes);
    replace(refreshLifetimes, o.refreshLifetimes);
    replace(rotates, o.rotates);
    replace(dpopNonces, o.dpopNonces);
    replace(requirePars, o.requirePars);
    replace(deviceCodeLifetimes, o.deviceCodeLifetimes);
    replace(devicePollingIntervals, o.devicePollingIntervals);
  }

  private static <V> void replace(Map<String, V> mine, Map<String, V> theirs) {
    mine.clear();
    mine.putAll(theirs);
  }

  Duration accessLifetime(MockProvider p) {
    Duration d = accessLifetimes.get(p.id);
    if (d != null) return d;
    Duration global = accessLifetime;
    return global != null ? global : p.accessLifetime;
  }

  Duration refreshLifetime(MockProvider p) {
    Duration d = refreshLifetimes.get(p.id);
    if (d != null) return d;
    Duration global = refreshLifetime;
    return global != null ? global : p.refreshLifetime();
  }

  boolean rotate(MockProvider p) {
    Boolean b = rotates.get(p.id);
    if (b != null) return b;
    Boolean global = rotate;
    return global != null ? global : p.rotates;
  }

  boolean dpopNonce(MockProvider p) {
    return dpopNonces.getOrDefault(p.id, p.extensions.dpopNonce);
  }

  boolean requirePar(MockProvider p) {
    return p.extensions.parPath != null && requirePars.getOrDefault(p.id, p.extensions.requirePar);
  }

  Duration deviceCodeLifetime(MockProvider p) {
    return deviceCodeLifetimes.getOrDefault(p.id, p.extensions.deviceCodeLifetime);
  }

  Duration devicePollingInterval(MockProvider p) {
    return devicePollingIntervals.getOrDefault(p.id, p.extensions.devicePollingInterval);
  }

  static Duration checkLifetime(Duration d, String name) {
    if (d == null) throw new NullPointerException(name + " == null");
    if (d.isNegative() || d.isZero() || d.getNano() != 0) {
      throw new IllegalArgumentException(name + " must be a positive whole number of seconds: "
          + d);
    }
    return d;
  }
}
