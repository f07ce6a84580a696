package dev.latchkey.samples.webapp;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import java.time.Clock;
import dev.latchkey.oidc.OidcVerifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * One {@link OAuth2Client} per configured provider, shared by every user, and the token sessions
 * made from them: one per signed-in user, one per provider for the app's own client_credentials
 * token.
 */
final class Providers implements AutoCloseable {
  /** A configured provider: its base URL (for API paths), its client and what its sessions did. */
  record Connection(ProviderId id, String baseUrl, OAuth2Client client, TokenEvents events) {
  }

  private final Map<ProviderId, Connection> connections;
  private final Map<ProviderId, TokenSession> appSessions = new EnumMap<>(ProviderId.class);
  private final OkHttpClient http;

  private Providers(Map<ProviderId, Connection> connections, OkHttpClient http) {
    this.connections = connections;
    this.http = http;
    for (Connection c : connections.values()) {
      if (!c.id().isSignIn()) {
        appSessions.put(c.id(), c.client().clientCredentialsSession());
      }
    }
  }

  /**
   * Creates a client for every provider that {@code config} registers, or, in demo mode, for
   * every provider of {@code mock} with its demo clients.
   *
   * @param mock the embedded mock server in demo mode, else null
   * @param http the app's HTTP client, shared with the SDK for its connection pool
   * @param clock the clock of tokens and sign-in requests; tests share one with the mock server
   */
  static Providers create(Config config, MockAuthServer mock, OkHttpClient http, Clock clock) {
    Map<ProviderId, Connection> connections = new EnumMap<>(ProviderId.class);
    for (ProviderId id : ProviderId.values()) {
      Config.Registration registration;
      if (mock != null) {
        DemoClient demo = mock.demoClient(id.id());
        registration = new Config.Registration(mock.baseUrl(id.id()).toString(), demo.clientId(),
            demo.clientSecret());
      } else {
        registration = config.registration(id);
      }
      if (registration == null) {
        continue;
      }
      TokenEvents events = new TokenEvents(id.id(), clock);
      Provider provider = provider(id, registration.baseUrl(), config.orgApiAuth(), http);
      List<String> scopes = new ArrayList<>(id.scopes());
      OAuth2Client.Builder builder = OAuth2Client.builder();
      if (OpenIdConnect.offeredBy(provider)) {
        // OpenID Connect: a nonce in each sign-in, and the ID token validated before it is kept.
        scopes.add(0, "openid");
        builder.idTokenVerifier(OidcVerifier.create());
      }
      OAuth2Client client = builder
          .provider(provider)
          .clientId(registration.clientId())
          .clientSecret(registration.clientSecret())
          .scopes(scopes.toArray(new String[0]))
          .httpClient(http)
          .clock(clock)
          .listener(events)
          .build();
      String base = registration.baseUrl().endsWith("/") ? registration.baseUrl()
          : registration.baseUrl() + "/";
      connections.put(id, new Connection(id, base, client, events));
    }
    return new Providers(Collections.unmodifiableMap(connections), http);
  }

  private static Provider provider(ProviderId id, String baseUrl, Config.OrgApiAuth orgApiAuth,
      OkHttpClient http) {
    switch (id) {
      case ORA:
        return Provider.ora(baseUrl);
      case ORGO:
        return OpenIdConnect.upgrade(Provider.orgo(baseUrl), OpenIdConnect.issuerOf(baseUrl),
            http);
      case STANDARD:
        try {
          return Provider.discover(http, OpenIdConnect.issuerOf(baseUrl));
        } catch (java.io.IOException e) {
          throw new IllegalStateException("Could not read the metadata of the standard provider"
              + " at " + baseUrl + ": " + e.getMessage(), e);
        }
      case ORANGELOGIC:
        return Provider.orangeLogic(baseUrl);
      case ONNA:
        return Provider.onna(baseUrl);
      case ORGAPI:
        return orgApiAuth == Config.OrgApiAuth.QUERY ? Provider.organizationApiQuery(baseUrl)
            : Provider.organizationApiBasic(baseUrl);
      default:
        throw new AssertionError(id);
    }
  }

  /** Returns the connection to {@code id}, or null when that provider is not configured. */
  Connection get(ProviderId id) {
    return connections.get(id);
  }

  /**
   * Returns the token session of the user {@code userKey} at {@code id}. The client hands out
   * the same session object to every request of that user while one is in use, so they share
   * its single-flight renewal; the app keeps no map of its own.
   */
  TokenSession userSession(ProviderId id, String userKey) {
    return connections.get(id).client().session(userKey);
  }

  /** Forgets the user's renewal history; the caller deletes the token. */
  void forgetUser(ProviderId id, String userKey) {
    Connection c = connections.get(id);
    if (c != null) {
      c.events().forget(userKey);
    }
  }

  /** Returns the app's own client_credentials session at {@code id}, or null if not configured. */
  TokenSession appSession(ProviderId id) {
    return appSessions.get(id);
  }

  /** Returns the app's HTTP client, from which {@link TokenSession#authorize} derives. */
  OkHttpClient http() {
    return http;
  }

  /** Stops every client's renewal thread. */
  @Override
  public void close() {
    for (Connection c : connections.values()) {
      c.client().close();
    }
  }
}
