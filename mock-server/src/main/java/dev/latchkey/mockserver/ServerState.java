package dev.latchkey.mockserver;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the server remembers, with one owner: {@link MockAuthServer} creates it, and the
 * endpoints, router and admin API reach it through {@link EndpointState}, {@link Traffic} and
 * {@link Controls}. Concurrent maps and atomics only: no lock on the hot path, so hundreds of
 * clients can run at once.
 */
final class ServerState implements EndpointState, Traffic, Controls {
  static final Duration CONSENT_LIFETIME = Duration.ofMinutes(10);
  /** How long a DPoP nonce the server handed out stays good. */
  static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);
  /** Long enough that tests still get "expired" rather than "unknown" for recent tokens. */
  static final Duration PURGE_AFTER = Duration.ofDays(1);
  /** A power of two: every this many tokens issued, forget what ended long ago. */
  private static final int PURGE_EVERY = 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final Settings initial;
  private final Settings settings;
  private final MockSettings settingsHandle;
  private final List<MockProvider> initialProviders;
  /** Replaced whole on registration: reads on every request take no lock. */
  private volatile List<MockProvider> providers;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
  private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
  private final Map<String, AuthorizationRequest> consents = new ConcurrentHashMap<>();
  private final Map<String, PushedRequest> pushed = new ConcurrentHashMap<>();
  private final Map<String, DeviceAuthorization> devices = new ConcurrentHashMap<>();
  private final Map<String, DeviceAuthorization> userCodes = new ConcurrentHashMap<>();
  /** Used {@code jti}s (and other one-time keys) until they could no longer be accepted. */
  private final Map<String, Instant> used = new ConcurrentHashMap<>();
  private final Map<String, Instant> nonces = new ConcurrentHashMap<>();
  private final Map<String, SigningKeys> signingKeys = new ConcurrentHashMap<>();
  /** API stubs by {@code "provider METHOD /path"}. */
  private final Map<String, ApiStub> stubs = new ConcurrentHashMap<>();
  private final TrafficLog traffic = new TrafficLog();
  private final AtomicLong issued = new AtomicLong();
  private volatile URI url;
  private volatile URI mtlsUrl;
  private volatile List<java.security.cert.X509Certificate> clientCas = List.of();

  ServerState(Clock clock, Settings initial, List<MockProvider> providers) {
    this.clock = clock;
    this.initial = initial.copy();
    this.settings = initial.copy();
    this.initialProviders = List.copyOf(providers);
    this.providers = initialProviders;
    this.settingsHandle = new MockSettings(settings, this::hosted);
    registerDemoClients();
  }

  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  void started(URI url) {
    this.url = url;
  }

  @Override public URI url() {
    URI u = url;
    if (u == null) throw new IllegalStateException("call start() first");
    return u;
  }

  void startedTls(URI url, List<java.security.cert.X509Certificate> cas) {
    this.mtlsUrl = url;
    this.clientCas = List.copyOf(cas);
  }

  @Override public URI mtlsUrl() {
    return mtlsUrl;
  }

  @Override public List<java.security.cert.X509Certificate> clientCas() {
    return clientCas;
  }

  boolean isStarted() {
    return url != null;
  }

  @Override public Instant now() {
    return clock.instant();
  }

  @Override public Clock clock() {
    return clock;
  }

  @Override public Settings settings() {
    return settings;
  }

  @Override public MockSettings settingsHandle() {
    return settingsHandle;
  }

  // Providers and clients.

  @Override public List<MockProvider> providers() {
    return providers;
  }

  @Override public MockProvider provider(String id) {
    return MockProvider.find(providers, id);
  }

  MockProvider hosted(MockProvider p) {
    Objects.requireNonNull(p, "provider == null");
    for (MockProvider hosted : providers) {
      if (hosted.id.equals(p.id)) return hosted;
    }
    throw new IllegalArgumentException("this server does not host " + p.id + "; register it "
        + "with MockAuthServer.Builder.provider or MockAuthServer.register first");
  }

  @Override public synchronized void register(MockProvider p) {
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

  @Override public Client client(MockProvider p, String id) {
    return id == null ? null : clients.get(p.id + ' ' + id);
  }

  @Override public DemoClient demoClient(MockProvider p) {
    return DemoClients.of(hosted(p)).get(0);
  }

  @Override public void updateClient(MockProvider provider, String clientId,
      java.util.function.UnaryOperator<Client> change) {
    MockProvider p = hosted(provider);
    Objects.requireNonNull(clientId, "clientId == null");
    if (clients.computeIfPresent(p.id + ' ' + clientId, (k, c) -> change.apply(c)) == null) {
      throw new IllegalArgumentException("no client \"" + clientId + "\" of " + p.id
          + "; register it first");
    }
  }

  @Override public List<Client> clients() {
    return new ArrayList<>(clients.values());
  }

  @Override public DemoClient registerClient(MockProvider provider, String clientId,
      String clientSecret, List<String> redirectUris, Collection<String> scopes) {
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

  // Tokens, codes and consents.

  @Override public IssuedToken issue(Grant grant, boolean refresh, List<String> scopes,
      Confirmation cnf, Instant notAfter) {
    if ((issued.incrementAndGet() & (PURGE_EVERY - 1)) == 0) purge();
    MockProvider p = grant.provider;
    Instant expiresAt = now().plus(refresh ? settings.refreshLifetime(p)
        : settings.accessLifetime(p));
    if (notAfter != null && notAfter.isBefore(expiresAt)) expiresAt = notAfter;
    IssuedToken token = new IssuedToken(randomToken(), refresh, grant, scopes, cnf, expiresAt);
    tokens.put(token.value, token);
    return token;
  }

  @Override public IssuedToken token(String value) {
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

  @Override public boolean firstUse(String key, Instant until) {
    if (used.size() >= PURGE_EVERY * 16) purge();
    return used.putIfAbsent(key, until) == null;
  }

  @Override public SigningKeys signingKeys(MockProvider p) {
    return signingKeys.computeIfAbsent(p.id, id -> new SigningKeys(p.extensions.idTokenAlg));
  }

  @Override public String rotateSigningKeys(MockProvider provider) {
    MockProvider p = hosted(provider);
    if (!p.extensions.openId) {
      throw new IllegalArgumentException(p.id + " is not an OpenID Connect provider; build it "
          + "with openIdConnect(true)");
    }
    return signingKeys(p).rotate();
  }

  @Override public String newDpopNonce() {
    if (nonces.size() >= PURGE_EVERY) purge();
    String nonce = randomToken();
    nonces.put(nonce, now().plus(NONCE_LIFETIME));
    return nonce;
  }

  @Override public boolean dpopNonceValid(String nonce) {
    Instant until = nonce == null ? null : nonces.get(nonce);
    return until != null && now().isBefore(until);
  }

  /** Revokes a token; a refresh token takes its whole grant with it (RFC 7009 §2.1). */
  @Override public boolean revoke(String value) {
    IssuedToken token = tokens.get(value);
    if (token == null) return false;
    token.revoked = true;
    if (token.refresh) token.grant.revoked = true;
    return true;
  }

  @Override public int expireTokens(boolean refreshToo) {
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

  @Override public void putCode(String code, AuthorizationCode issued) {
    codes.put(code, issued);
  }

  @Override public AuthorizationCode code(String code) {
    return code == null ? null : codes.get(code);
  }

  @Override public void putConsent(String id, AuthorizationRequest request) {
    consents.put(id, request);
  }

  @Override public boolean putDeviceAuthorization(DeviceAuthorization device) {
    if (devices.size() >= PURGE_EVERY) purge();
    if (userCodes.putIfAbsent(device.userCode, device) != null) return false;
    devices.put(device.deviceCode, device);
    return true;
  }

  @Override public boolean answerDevice(String userCode, boolean approve) {
    Objects.requireNonNull(userCode, "userCode == null");
    DeviceAuthorization device = userCodes.get(DeviceEndpoints.normalize(userCode));
    return device != null && device.answer(approve, now());
  }

  @Override public DeviceAuthorization deviceAuthorization(String deviceCode) {
    return deviceCode == null ? null : devices.get(deviceCode);
  }

  @Override public DeviceAuthorization deviceAuthorizationByUserCode(String userCode) {
    return userCode == null ? null : userCodes.get(userCode);
  }

  @Override public void putPushedRequest(String requestUri, PushedRequest request) {
    if (pushed.size() >= PURGE_EVERY) purge();
    pushed.put(requestUri, request);
  }

  @Override public PushedRequest takePushedRequest(String requestUri) {
    return requestUri == null ? null : pushed.remove(requestUri);
  }

  @Override public AuthorizationRequest takeConsent(String id) {
    return id == null ? null : consents.remove(id);
  }

  // API stubs.

  @Override public void stubApi(MockProvider provider, String method, String path, ApiStub stub) {
    MockProvider p = hosted(provider);
    Objects.requireNonNull(stub, "stub == null");
    stubs.put(p.id + ' ' + ApiPaths.method(method) + ' ' + ApiPaths.check(p, path), stub);
  }

  @Override public ApiStub stub(MockProvider p, String method, String path) {
    return stubs.get(p.id + ' ' + method + ' ' + path);
  }

  @Override public List<String> stubbedMethods(MockProvider p, String path) {
    List<String> methods = new ArrayList<>();
    for (String key : stubs.keySet()) {
      int space = key.indexOf(' ', p.id.length() + 1);
      if (key.startsWith(p.id + ' ') && key.substring(space + 1).equals(path)) {
        methods.add(key.substring(p.id.length() + 1, space));
      }
    }
    return methods;
  }

  @Override public Map<String, ApiStub> stubs() {
    return new java.util.TreeMap<>(stubs);
  }

  @Override public void clearStubs() {
    stubs.clear();
  }

  // Journal, counters and faults.

  @Override public void record(JournalEntry entry) {
    traffic.record(entry);
  }

  @Override public List<JournalEntry> journal() {
    return traffic.journal();
  }

  /** {@return the journal's requests under {@code p}'s prefix, oldest first} */
  List<JournalEntry> journal(MockProvider p) {
    List<JournalEntry> result = new ArrayList<>();
    for (JournalEntry e : traffic.journal()) {
      if (p.id.equals(e.provider())) result.add(e);
    }
    return result;
  }

  @Override public void clearJournal() {
    traffic.clearJournal();
  }

  @Override public void countTokenRequest(MockProvider p, String grantType) {
    traffic.increment(p, grantType);
  }

  int tokenRequests(MockProvider p, String grantType) {
    return traffic.count(hosted(p), Objects.requireNonNull(grantType, "grantType == null"));
  }

  int tokenRequests(MockProvider p) {
    return traffic.count(hosted(p));
  }

  @Override public Map<String, Map<String, Integer>> countersByProvider() {
    return traffic.byProvider(providers);
  }

  @Override public void enqueueFault(Fault fault, int times) {
    Objects.requireNonNull(fault, "fault == null");
    if (times < 1) throw new IllegalArgumentException("times < 1: " + times);
    if (fault.provider() != null) provider(fault.provider());
    traffic.enqueue(fault, times);
  }

  @Override public List<TrafficLog.QueuedFault> faults() {
    return traffic.faults();
  }

  @Override public Fault takeFault(MockProvider p, Fault.Target target) {
    return traffic.takeFault(p, target);
  }

  @Override public void clearFaults() {
    traffic.clearFaults();
  }

  /**
   * Forgets every token, code, fault, journal entry, counter, added client and provider
   * registered after build, and restores the settings as built.
   */
  @Override public synchronized void reset() {
    settings.copyFrom(initial);
    tokens.clear();
    codes.clear();
    consents.clear();
    used.clear();
    signingKeys.clear();
    pushed.clear();
    devices.clear();
    userCodes.clear();
    nonces.clear();
    stubs.clear();
    traffic.clear();
    clients.clear();
    providers = initialProviders;
    registerDemoClients();
  }
}
