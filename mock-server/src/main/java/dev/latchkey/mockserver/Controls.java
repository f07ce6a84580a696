package dev.latchkey.mockserver;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What the admin API controls; {@link MockAuthServer}'s methods are the same controls. */
interface Controls {
  Clock clock();

  MockSettings settingsHandle();

  List<MockProvider> providers();

  /** Hosts {@code p} from now on, with its demo client; throws if the prefix is taken. */
  void register(MockProvider p);

  /** {@return the hosted provider with prefix {@code id}; throws if there is none} */
  MockProvider provider(String id);

  DemoClient registerClient(MockProvider p, String clientId, String clientSecret,
      List<String> redirectUris, Collection<String> scopes);

  List<Client> clients();

  /** Replaces the client with {@code change} of it; throws if there is no such client. */
  void updateClient(MockProvider p, String clientId,
      java.util.function.UnaryOperator<Client> change);

  void stubApi(MockProvider p, String method, String path, ApiStub stub);

  /** {@return the stubs by {@code "provider METHOD /path"}, sorted} */
  Map<String, ApiStub> stubs();

  void clearStubs();

  List<JournalEntry> journal();

  void clearJournal();

  Map<String, Map<String, Integer>> countersByProvider();

  void enqueueFault(Fault fault, int times);

  /** {@return the queued faults with uses left, oldest first} */
  List<TrafficLog.QueuedFault> faults();

  void clearFaults();

  int expireTokens(boolean refreshToo);

  boolean revoke(String value);

  void reset();

  /** Answers a pending device authorization as its user would; {@return whether it was pending} */
  boolean answerDevice(String userCode, boolean approve);

  /** Rotates the provider's ID token signing key; {@return the new key's id} */
  String rotateSigningKeys(MockProvider p);
}
