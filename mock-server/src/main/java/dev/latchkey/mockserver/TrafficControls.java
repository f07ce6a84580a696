package dev.latchkey.mockserver;

import java.util.List;
import java.util.Objects;

/**
 * The {@link MockAuthServer} controls of its traffic: queued faults, expiring and revoking
 * tokens, and the journal and counters a test asserts on.
 */
abstract class TrafficControls {
  /** The state, for tests in this package. */
  abstract ServerState state();

  /**
   * Makes the next {@code times} token requests (to the fault's provider, or any) fail with
   * {@code fault}. Faults queued earlier are used first.
   *
   * @param fault what to answer
   * @param times how many token requests to answer that way, 1 or more
   */
  public final void enqueueFault(Fault fault, int times) {
    state().enqueueFault(fault, times);
  }

  /**
   * Makes the next token request fail with {@code fault}.
   *
   * @param fault what to answer
   */
  public final void enqueueFault(Fault fault) {
    enqueueFault(fault, 1);
  }

  /** Forgets every queued fault not yet used. */
  public final void clearFaults() {
    state().clearFaults();
  }

  /**
   * Expires every access and refresh token now: APIs answer 401 and refreshes
   * {@code invalid_grant}.
   *
   * @return how many tokens expired
   */
  public final int expireAllTokens() {
    return state().expireTokens(true);
  }

  /**
   * Expires every access token now, keeping refresh tokens valid, so clients must refresh.
   *
   * @return how many tokens expired
   */
  public final int expireAccessTokens() {
    return state().expireTokens(false);
  }

  /**
   * Revokes an access or refresh token now. Revoking a refresh token revokes every token of
   * the same grant (RFC 7009 §2.1).
   *
   * @param token the token value
   * @return true if the server had issued that token
   */
  public final boolean revoke(String token) {
    return state().revoke(Objects.requireNonNull(token, "token == null"));
  }

  /**
   * Returns the requests received so far, oldest first. The journal keeps the newest 10,000;
   * admin API requests are not journaled.
   *
   * @return a snapshot of the journal
   */
  public final List<JournalEntry> journal() {
    return state().journal();
  }

  /**
   * Returns the requests received so far under one provider's prefix, oldest first.
   *
   * @param provider a provider the server hosts
   * @return the provider's requests
   */
  public final List<JournalEntry> journal(MockProvider provider) {
    return state().journal(state().hosted(provider));
  }

  /** Forgets the journal. */
  public final void clearJournal() {
    state().clearJournal();
  }

  /**
   * Returns how many requests reached {@code provider}'s token endpoint with a grant type,
   * whatever the answer (faults included).
   *
   * @param provider a provider the server hosts
   * @param grantType such as {@code "refresh_token"}; {@code "none"} counts requests that
   *     carried no readable grant_type
   * @return the count
   */
  public final int tokenRequests(MockProvider provider, String grantType) {
    return state().tokenRequests(provider, grantType);
  }

  /**
   * Returns how many requests reached {@code provider}'s token endpoint, any grant type.
   *
   * @param provider a provider the server hosts
   * @return the count
   */
  public final int tokenRequests(MockProvider provider) {
    return state().tokenRequests(provider);
  }
}
