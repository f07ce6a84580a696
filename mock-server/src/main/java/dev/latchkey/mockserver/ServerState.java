package dev.latchkey.mockserver;

import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Everything the server remembers, with one owner: {@link MockAuthServer} creates it, and the
 * endpoints, router and admin API reach it through {@link EndpointState}, {@link Traffic} and
 * {@link Controls}. It holds the clock, the settings and the listeners' URLs, and hands the rest
 * to one part per concern: the {@link Registry} of providers and clients, the {@link Ledger} of
 * what was issued, the {@link ApiStubs}, the {@link TrafficLog} and the signing keys. Every part
 * is lock-free on the hot path, so hundreds of clients can run at once.
 */
final class ServerState implements EndpointState, Traffic, Controls {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final Settings initial;
  private final Settings settings;
  private final MockSettings settingsHandle;
  private final Registry registry;
  private final Ledger ledger;
  private final ApiStubs stubs = new ApiStubs();
  private final TrafficLog traffic = new TrafficLog();
  private final Map<String, SigningKeys> signingKeys = new ConcurrentHashMap<>();
  private volatile URI url;
  private volatile URI mtlsUrl;
  private volatile List<X509Certificate> clientCas = List.of();

  ServerState(Clock clock, Settings initial, List<MockProvider> providers) {
    this.clock = clock;
    this.initial = initial.copy();
    this.settings = initial.copy();
    this.registry = new Registry(providers);
    this.ledger = new Ledger(clock, settings);
    this.settingsHandle = new MockSettings(settings, registry::hosted);
  }

  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // The server itself: listeners, clock and settings.

  void started(URI url) {
    this.url = url;
  }

  @Override public URI url() {
    URI u = url;
    if (u == null) throw new IllegalStateException("call start() first");
    return u;
  }

  void startedTls(URI url, List<X509Certificate> cas) {
    this.mtlsUrl = url;
    this.clientCas = List.copyOf(cas);
  }

  @Override public URI mtlsUrl() {
    return mtlsUrl;
  }

  @Override public List<X509Certificate> clientCas() {
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

  /**
   * Forgets every token, code, fault, journal entry, counter, added client and provider
   * registered after build, and restores the settings as built.
   */
  @Override public synchronized void reset() {
    settings.copyFrom(initial);
    ledger.clear();
    signingKeys.clear();
    stubs.clear();
    traffic.clear();
    registry.reset();
  }

  // Providers and clients.

  @Override public List<MockProvider> providers() {
    return registry.providers();
  }

  @Override public MockProvider provider(String id) {
    return registry.provider(id);
  }

  MockProvider hosted(MockProvider p) {
    return registry.hosted(p);
  }

  @Override public void register(MockProvider p) {
    registry.register(p);
  }

  @Override public Client client(MockProvider p, String id) {
    return registry.client(p, id);
  }

  @Override public DemoClient demoClient(MockProvider p) {
    return registry.demoClient(p);
  }

  @Override public void updateClient(MockProvider p, String clientId,
      UnaryOperator<Client> change) {
    registry.updateClient(p, clientId, change);
  }

  @Override public List<Client> clients() {
    return registry.clients();
  }

  @Override public DemoClient registerClient(MockProvider p, String clientId,
      String clientSecret, List<String> redirectUris, Collection<String> scopes) {
    return registry.registerClient(p, clientId, clientSecret, redirectUris, scopes);
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

  // What was issued: tokens, codes, consents, device authorizations, pushed requests, nonces.

  @Override public IssuedToken issue(Grant grant, boolean refresh, List<String> scopes,
      Confirmation cnf, Instant notAfter) {
    return ledger.issue(grant, refresh, scopes, cnf, notAfter);
  }

  @Override public IssuedToken token(String value) {
    return ledger.token(value);
  }

  @Override public boolean firstUse(String key, Instant until) {
    return ledger.firstUse(key, until);
  }

  @Override public String newDpopNonce() {
    return ledger.newDpopNonce();
  }

  @Override public boolean dpopNonceValid(String nonce) {
    return ledger.dpopNonceValid(nonce);
  }

  @Override public boolean revoke(String value) {
    return ledger.revoke(value);
  }

  @Override public int expireTokens(boolean refreshToo) {
    return ledger.expireTokens(refreshToo);
  }

  @Override public void putCode(String code, AuthorizationCode issued) {
    ledger.putCode(code, issued);
  }

  @Override public AuthorizationCode code(String code) {
    return ledger.code(code);
  }

  @Override public void putConsent(String id, AuthorizationRequest request) {
    ledger.putConsent(id, request);
  }

  @Override public AuthorizationRequest takeConsent(String id) {
    return ledger.takeConsent(id);
  }

  @Override public boolean putDeviceAuthorization(DeviceAuthorization device) {
    return ledger.putDeviceAuthorization(device);
  }

  @Override public boolean answerDevice(String userCode, boolean approve) {
    return ledger.answerDevice(userCode, approve);
  }

  @Override public DeviceAuthorization deviceAuthorization(String deviceCode) {
    return ledger.deviceAuthorization(deviceCode);
  }

  @Override public DeviceAuthorization deviceAuthorizationByUserCode(String userCode) {
    return ledger.deviceAuthorizationByUserCode(userCode);
  }

  @Override public void putPushedRequest(String requestUri, PushedRequest request) {
    ledger.putPushedRequest(requestUri, request);
  }

  @Override public PushedRequest takePushedRequest(String requestUri) {
    return ledger.takePushedRequest(requestUri);
  }

  // API stubs.

  @Override public void stubApi(MockProvider provider, String method, String path, ApiStub stub) {
    stubs.put(hosted(provider), method, path, stub);
  }

  @Override public ApiStub stub(MockProvider p, String method, String path) {
    return stubs.get(p, method, path);
  }

  @Override public List<String> stubbedMethods(MockProvider p, String path) {
    return stubs.methods(p, path);
  }

  @Override public Map<String, ApiStub> stubs() {
    return stubs.sorted();
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
    return traffic.byProvider(registry.providers());
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
}
