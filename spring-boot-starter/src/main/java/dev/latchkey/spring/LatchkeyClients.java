package dev.latchkey.spring;

import static java.util.Objects.requireNonNull;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenListener;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.DisposableBean;

/**
 * The clients configured under {@code latchkey.clients.<name>}, by name. Each is also a bean of
 * its own, qualified by its name, so most apps never touch this class:
 *
 * <pre>{@code
 * @Autowired @Qualifier("orders") RestClient orders;   // carries the application token
 * @Autowired @Qualifier("orders") OAuth2Client client; // logins, user sessions
 * }</pre>
 *
 * <h2>User tokens</h2>
 * A request that sets the attribute {@link #USER_KEY_ATTRIBUTE} to a signed-in user's key
 * carries that user's token instead of the application's, on the same {@code RestClient} or
 * {@code WebClient} bean. With OkHttp, authorize a client with {@link #userSession}.
 */
public final class LatchkeyClients implements DisposableBean {
  /**
   * The request attribute that makes a {@code RestClient} or {@code WebClient} request carry a
   * user's token: its value is the user's key, as given to {@link OAuth2Client#session(String)}.
   */
  public static final String USER_KEY_ATTRIBUTE = "dev.latchkey.userKey";

  private final Map<String, Configured> clients;

  /** One client and what was built around it. */
  record Configured(OAuth2Client client, TokenSession application, ClientState state,
      OkHttpClient authorized, Set<Integer> expiredStatuses) {
  }

  LatchkeyClients(LatchkeyProperties properties, TokenStore store, OkHttpClient http,
      Clock clock, ListenerFactory listeners) {
    Map<String, Configured> built = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, ClientProperties> e : properties.getClients().entrySet()) {
        String name = e.getKey();
        ClientProperties c = e.getValue();
        Provider provider = ClientFactory.provider(name, c, http);
        ClientState state = new ClientState(listeners.create(name, provider, clock), clock);
        OAuth2Client client = ClientFactory.build(name, c, provider, http, clock,
            new ClientKeyedTokenStore(store, name), state);
        // Held here for the app's lifetime: the client keeps sessions only while someone does.
        TokenSession application = client.clientCredentialsSession();
        Set<Integer> expired = new TreeSet<>(c.getTreatAsExpired());
        expired.add(401);
        built.put(name, new Configured(client, application, state, application.authorize(http),
            Collections.unmodifiableSet(expired)));
      }
    } catch (RuntimeException e) {
      built.values().forEach(c -> c.client().close());
      throw e;
    }
    this.clients = Collections.unmodifiableMap(built);
  }

  /**
   * Returns the names of the configured clients.
   *
   * @return the names, in configuration order
   */
  public Set<String> names() {
    return clients.keySet();
  }

  /**
   * Returns the client configured as {@code latchkey.clients.<name>}.
   *
   * @param name the client's name
   * @return the client
   * @throws IllegalArgumentException if no client has that name
   */
  public OAuth2Client client(String name) {
    return configured(name).client();
  }

  /**
   * Returns the application's own (client_credentials) session of a client.
   *
   * @param name the client's name
   * @return the session, the same object for the app's lifetime
   */
  public TokenSession applicationSession(String name) {
    return configured(name).application();
  }

  /**
   * Returns a signed-in user's session of a client.
   *
   * @param name the client's name
   * @param userKey the user's stable key in the app
   * @return the session
   */
  public TokenSession userSession(String name, String userKey) {
    return client(name).session(requireNonNull(userKey, "userKey == null"));
  }

  /**
   * Returns an {@link OkHttpClient} that carries a client's application token and renews and
   * retries once on a 401; it shares the connection pool of every Latchkey client.
   *
   * @param name the client's name
   * @return the authorized client
   */
  public OkHttpClient okHttpClient(String name) {
    return configured(name).authorized();
  }

  Configured configured(String name) {
    requireNonNull(name, "name == null");
    Configured c = clients.get(name);
    if (c == null) {
      throw new IllegalArgumentException("No Latchkey client \"" + name + "\"; configured: "
          + clients.keySet() + ". Add latchkey.clients." + name + ".provider and the rest");
    }
    return c;
  }

  /** Stops each client's renewal thread. */
  @Override
  public void destroy() {
    clients.values().forEach(c -> c.client().close());
  }

  @Override
  public String toString() {
    return "LatchkeyClients" + clients.keySet();
  }

  /** Makes the listener (the meters, or nothing) of each client. */
  interface ListenerFactory {
    TokenListener create(String name, Provider provider, Clock clock);

    ListenerFactory NONE = (name, provider, clock) -> new TokenListener() {
    };
  }
}
