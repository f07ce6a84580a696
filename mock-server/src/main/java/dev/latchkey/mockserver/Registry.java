package dev.latchkey.mockserver;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The providers a server hosts and their clients, demo clients included. Owned by
 * {@link ServerState}; lock-free reads, since every request looks a provider and a client up.
 */
final class Registry {
  private final List<MockProvider> initialProviders;
  /** Replaced whole on registration: reads on every request take no lock. */
  private volatile List<MockProvider> providers;
  /** By {@code "provider clientId"}. */
  private final Map<String, Client> clients = new ConcurrentHashMap<>();

  Registry(List<MockProvider> providers) {
    this.initialProviders = List.copyOf(providers);
    this.providers = initialProviders;
    registerDemoClients();
  }

  List<MockProvider> providers() {
    return providers;
  }

  MockProvider provider(String id) {
    return MockProvider.find(providers, id);
  }

  /** {@return the hosted provider with {@code p}'s prefix; throws if there is none} */
  MockProvider hosted(MockProvider p) {
    Objects.requireNonNull(p, "provider == null");
    for (MockProvider hosted : providers) {
      if (hosted.id.equals(p.id)) return hosted;
    }
    throw new IllegalArgumentException("this server does not host " + p.id + "; register it "
        + "with MockAuthServer.Builder.provider or MockAuthServer.register first");
  }

  synchronized void register(MockProvider p) {
    Objects.requireNonNull(p, "provider == null");
    if (p.id.equals("__admin")) throw new IllegalArgumentException("__admin is reserved");
    for (MockProvider hosted : providers) {
      if (hosted.id.equals(p.id)) {
        throw new IllegalArgumentException("a provider with prefix " + p.id
            + " is already hosted");
      }
    }
    List<MockProvider> next = new ArrayList<>(providers);
    next.add(p);
    providers = List.copyOf(next);
    registerDemoClients(p);
  }

  private void registerDemoClients() {
    for (MockProvider p : providers) registerDemoClients(p);
  }

  private void registerDemoClients(MockProvider p) {
    for (DemoClient c : DemoClients.of(p)) {
      put(new Client(p, c.clientId(), c.clientSecret(), c.name(), List.of(), true, null));
    }
  }

  private void put(Client client) {
    clients.put(client.provider.id + ' ' + client.id, client);
  }

  Client client(MockProvider p, String id) {
    return id == null ? null : clients.get(p.id + ' ' + id);
  }

  DemoClient demoClient(MockProvider p) {
    return DemoClients.of(hosted(p)).get(0);
  }

  void updateClient(MockProvider provider, String clientId, UnaryOperator<Client> change) {
    MockProvider p = hosted(provider);
    Objects.requireNonNull(clientId, "clientId == null");
    if (clients.computeIfPresent(p.id + ' ' + clientId, (k, c) -> change.apply(c)) == null) {
      throw new IllegalArgumentException("no client \"" + clientId + "\" of " + p.id
          + "; register it first");
    }
  }

  List<Client> clients() {
    return new ArrayList<>(clients.values());
  }

  DemoClient registerClient(MockProvider provider, String clientId, String clientSecret,
      List<String> redirectUris, Collection<String> scopes) {
    MockProvider p = hosted(provider);
    Objects.requireNonNull(clientId, "clientId == null");
    Objects.requireNonNull(redirectUris, "redirectUris == null");
    if (clientId.isEmpty()) throw new IllegalArgumentException("clientId is empty");
    if (clientSecret != null && clientSecret.isEmpty()) {
      throw new IllegalArgumentException("clientSecret is empty; pass null for a public client");
    }
    if (clientSecret == null && !p.publicClients) {
      throw new IllegalArgumentException(p.id + " has no public clients (only providers built "
          + "with publicClients(true), such as standard, do); pass a secret for " + p.id);
    }
    for (String uri : redirectUris) {
      Objects.requireNonNull(uri, "redirectUris contains null");
      URI parsed = URI.create(uri);
      if (!parsed.isAbsolute() || parsed.getRawFragment() != null) {
        throw new IllegalArgumentException("redirect URI must be absolute and have no fragment "
            + "(RFC 6749 §3.1.2): \"" + uri + "\"; pass a full URI such as "
            + "http://127.0.0.1/callback");
      }
    }
    if (scopes != null && p.scopes != null) {
      for (String s : scopes) {
        if (!p.scopes.contains(s)) {
          throw new IllegalArgumentException("unknown scope \"" + s + "\" for " + p.id
              + "; it knows " + p.scopes);
        }
      }
    }
    Client client = new Client(p, clientId, clientSecret, clientId, redirectUris, false,
        scopes == null ? null : new LinkedHashSet<>(scopes));
    put(client);
    return client.toDemoClient();
  }

  /** Hosts the providers as built again, with their demo clients only. */
  synchronized void reset() {
    clients.clear();
    providers = initialProviders;
    registerDemoClients();
  }
}
