package dev.latchkey.mockserver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lifetimes, rotation and consent mode: set by the builder, changeable at runtime, restored by
 * a reset. A per-provider value beats the global one, which beats the provider's default.
 */
final class Settings {
  volatile ConsentMode consent;
  volatile Duration accessLifetime;
  volatile Duration refreshLifetime;
  volatile Boolean rotate;
  volatile Duration codeLifetime;
  final Map<Provider, Duration> accessLifetimes = new ConcurrentHashMap<>();
  final Map<Provider, Duration> refreshLifetimes = new ConcurrentHashMap<>();
  final Map<Provider, Boolean> rotates = new ConcurrentHashMap<>();

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
    accessLifetimes.clear();
    accessLifetimes.putAll(o.accessLifetimes);
    refreshLifetimes.clear();
    refreshLifetimes.putAll(o.refreshLifetimes);
    rotates.clear();
    rotates.putAll(o.rotates);
  }

  Duration accessLifetime(Provider p) {
    Duration d = accessLifetimes.get(p);
    if (d != null) return d;
    Duration global = accessLifetime;
    return global != null ? global : p.defaultAccessLifetime;
  }

  Duration refreshLifetime(Provider p) {
    Duration d = refreshLifetimes.get(p);
    if (d != null) return d;
    Duration global = refreshLifetime;
    return global != null ? global : Provider.DEFAULT_REFRESH_LIFETIME;
  }

  boolean rotate(Provider p) {
    Boolean b = rotates.get(p);
    if (b != null) return b;
    Boolean global = rotate;
    return global != null ? global : p.defaultRotate;
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
