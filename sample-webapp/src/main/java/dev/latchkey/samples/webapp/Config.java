package dev.latchkey.samples.webapp;

import static java.util.Objects.requireNonNull;

import dev.latchkey.mockserver.ConsentMode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The app's settings: which providers to use and with which client registrations. Read from
 * environment variables such as {@code LATCHKEY_ORGO_CLIENT_ID}, or from a properties file with
 * the same keys (the environment wins). With no client id set anywhere, the app runs in demo mode:
 * the embedded mock server, in PROMPT consent mode, with its demo clients.
 *
 * <p>{@link #toString()} never shows a client secret.
 */
final class Config {
  /** How long the mock server's access tokens live in demo mode, so renewals happen on screen. */
  static final Duration DEFAULT_DEMO_TOKEN_LIFETIME = Duration.ofSeconds(20);

  /** One provider's client registration; the secret is never rendered or logged. */
  record Registration(String baseUrl, String clientId, String clientSecret) {
    @Override
    public String toString() {
      return "Registration{baseUrl=" + baseUrl + ", clientId=" + clientId + ", clientSecret="
          + (clientSecret == null ? "none" : "present") + "}";
    }
  }

  /** How the Organization API takes client credentials: an HTTP Basic header, or the URL query. */
  enum OrgApiAuth { BASIC, QUERY }

  private final Map<ProviderId, Registration> registrations;
  private final OrgApiAuth orgApiAuth;
  private final String publicUrl;
  private final ConsentMode demoConsent;
  private final Duration demoTokenLifetime;

  private Config(Map<ProviderId, Registration> registrations, OrgApiAuth orgApiAuth,
      String publicUrl, ConsentMode demoConsent, Duration demoTokenLifetime) {
    this.registrations = registrations;
    this.orgApiAuth = orgApiAuth;
    this.publicUrl = publicUrl;
    this.demoConsent = demoConsent;
    this.demoTokenLifetime = demoTokenLifetime;
  }

  /** Returns demo mode: the embedded mock server with a consent page and 20-second tokens. */
  static Config demo() {
    return new Config(new EnumMap<>(ProviderId.class), OrgApiAuth.BASIC, null,
        ConsentMode.PROMPT, DEFAULT_DEMO_TOKEN_LIFETIME);
  }

  /**
   * Reads the settings from {@code environment}, falling back to {@code file} for keys the
   * environment lacks.
   *
   * @param environment such as {@link System#getenv()}
   * @param file a properties file with the same keys, or null
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if a value is invalid
   */
  static Config load(Map<String, String> environment, Path file) throws IOException {
    Map<String, String> values = new HashMap<>();
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
      for (String name : properties.stringPropertyNames()) {
        values.put(name, properties.getProperty(name));
      }
    }
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (e.getKey().startsWith("LATCHKEY_")) {
        values.put(e.getKey(), e.getValue());
      }
    }
    values.values().removeIf(v -> v == null || v.isBlank());

    Map<ProviderId, Registration> registrations = new EnumMap<>(ProviderId.class);
    for (ProviderId id : ProviderId.values()) {
      String prefix = "LATCHKEY_" + id.envName() + "_";
      String clientId = values.get(prefix + "CLIENT_ID");
      String baseUrl = values.getOrDefault(prefix + "BASE_URL", id.defaultBaseUrl());
      if (clientId == null) {
        continue;
      }
      if (baseUrl == null) {
        throw new IllegalArgumentException(prefix + "CLIENT_ID is set but " + prefix
            + "BASE_URL is not; set it to the provider's base URL, such as https://"
            + id.id() + ".example.com/");
      }
      registrations.put(id, new Registration(baseUrl.trim(), clientId.trim(),
          values.get(prefix + "CLIENT_SECRET")));
    }
    String auth = values.getOrDefault("LATCHKEY_ORGAPI_CLIENT_AUTH", "basic");
    OrgApiAuth orgApiAuth;
    try {
      orgApiAuth = OrgApiAuth.valueOf(auth.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("LATCHKEY_ORGAPI_CLIENT_AUTH must be basic or query: \""
          + auth + "\"");
    }
    String publicUrl = values.get("LATCHKEY_PUBLIC_URL");
    if (publicUrl != null && !publicUrl.endsWith("/")) {
      publicUrl = publicUrl + "/";
    }
    Duration lifetime = DEFAULT_DEMO_TOKEN_LIFETIME;
    String seconds = values.get("LATCHKEY_DEMO_TOKEN_LIFETIME");
    if (seconds != null) {
      try {
        lifetime = Duration.ofSeconds(Long.parseLong(seconds.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("LATCHKEY_DEMO_TOKEN_LIFETIME must be a number of"
            + " seconds: \"" + seconds + "\"");
      }
      if (lifetime.getSeconds() < 1) {
        throw new IllegalArgumentException("LATCHKEY_DEMO_TOKEN_LIFETIME must be at least 1");
      }
    }
    return new Config(registrations, orgApiAuth, publicUrl, ConsentMode.PROMPT, lifetime);
  }

  /** Returns a copy whose embedded mock server answers consent with {@code mode}. */
  Config withDemoConsent(ConsentMode mode) {
    return new Config(registrations, orgApiAuth, publicUrl, requireNonNull(mode, "mode == null"),
        demoTokenLifetime);
  }

  /** Returns a copy whose embedded mock server issues tokens that live {@code lifetime}. */
  Config withDemoTokenLifetime(Duration lifetime) {
    return new Config(registrations, orgApiAuth, publicUrl, demoConsent,
        requireNonNull(lifetime, "lifetime == null"));
  }

  /** Returns true when no provider is configured, so the embedded mock server stands in. */
  boolean isDemo() {
    return registrations.isEmpty();
  }

  /** Returns the registration of {@code id}, or null when it is not configured. */
  Registration registration(ProviderId id) {
    return registrations.get(id);
  }

  OrgApiAuth orgApiAuth() {
    return orgApiAuth;
  }

  /**
   * Returns the app's public base URL with a trailing slash, from which redirect URIs are made,
   * or null to use {@code http://localhost:PORT/}.
   */
  String publicUrl() {
    return publicUrl;
  }

  ConsentMode demoConsent() {
    return demoConsent;
  }

  Duration demoTokenLifetime() {
    return demoTokenLifetime;
  }

  @Override
  public String toString() {
    return isDemo() ? "Config{demo, consent=" + demoConsent + ", tokenLifetime="
        + demoTokenLifetime + "}"
        : "Config{" + registrations + ", orgApiAuth=" + orgApiAuth + ", publicUrl=" + publicUrl
            + "}";
  }
}
