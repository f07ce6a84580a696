package dev.latchkey;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import okhttp3.OkHttpClient;

/**
 * An {@link OAuth2Client}'s configuration, immutable once built, with the objects it built or was
 * given (HTTP client, store, executor); {@link OAuth2Client#newBuilder()} starts from these, so a
 * derived client shares them.
 */
final class ClientConfig {
  final Provider provider;
  final String clientId;
  /** Never logged or shown. */
  final String clientSecret;
  final String redirectUri;
  final Set<String> scopes;
  final OkHttpClient httpClient;
  final Clock clock;
  final TokenStore tokenStore;
  final TokenListener listener;
  final Executor executor;
  final Duration renewBefore;
  final Duration authorizationRequestLifetime;
  final Duration renewalTimeout;
  final Duration renewalLease;
  final Set<Integer> expiredStatuses;
  final int maxRetries;
  final Sleeper sleeper;

  ClientConfig(OAuth2Client.Builder b, OkHttpClient httpClient, TokenStore tokenStore,
      Executor executor) {
    this.provider = b.provider;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.redirectUri = b.redirectUri;
    this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(b.scopes));
    this.httpClient = httpClient;
    this.clock = b.clock;
    this.tokenStore = tokenStore;
    this.listener = b.listener;
    this.executor = executor;
    this.renewBefore = b.renewBefore;
    this.authorizationRequestLifetime = b.authorizationRequestLifetime;
    this.renewalTimeout = b.renewalTimeout;
    this.renewalLease = b.renewalLease.compareTo(b.renewalTimeout) < 0 ? b.renewalLease
        : b.renewalTimeout;
    this.expiredStatuses = Collections.unmodifiableSet(new TreeSet<>(b.expiredStatuses));
    this.maxRetries = b.maxRetries;
    this.sleeper = b.sleeper;
  }

  /** The key of the application's own client_credentials session. */
  String clientCredentialsKey() {
    return provider.name() + ":" + clientId + ":client_credentials"
        + (scopes.isEmpty() ? "" : ":" + String.join(" ", scopes));
  }
}
