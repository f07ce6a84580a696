package dev.latchkey;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
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
  final Duration tokenRequestTimeout;
  final Duration renewalLease;
  final Set<Integer> expiredStatuses;
  final int maxRetries;
  final Sleeper sleeper;
  /** What {@link Dialect.ClientAuthentication#AUTO} tries first; BASIC unless told otherwise. */
  final Dialect.ClientAuthentication learnedClientAuthentication;
  /**
   * The {@code token_type} values, lower case, this client knows how to use (RFC 6749 §7.1).
   * Bearer only; a client that sends DPoP proofs adds {@code dpop}.
   */
  final Set<String> acceptedTokenTypes;
  /** DPoP proofs and the servers' nonces; {@link Dpop#algorithm} is null when DPoP is off. */
  final Dpop dpop;
  /** The key of {@code private_key_jwt}, or null. */
  final SigningKey clientKey;
  /** The {@code aud} of client assertions; null for the issuer, else the token endpoint. */
  final String clientAssertionAudience;
  /** Token requests go to the mTLS aliases whatever the client authentication (RFC 8705 §3). */
  final boolean certificateBoundTokens;
  /** Null when the app validates no ID tokens. */
  final IdTokenVerifier idTokenVerifier;

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
    this.tokenRequestTimeout = b.tokenRequestTimeout;
    this.renewalLease = b.renewalLease.compareTo(b.renewalTimeout) < 0 ? b.renewalLease
        : b.renewalTimeout;
    this.expiredStatuses = Collections.unmodifiableSet(new TreeSet<>(b.expiredStatuses));
    this.maxRetries = b.maxRetries;
    this.sleeper = b.sleeper;
    this.dpop = new Dpop(b.dpopAlgorithm, b.clock);
    this.clientKey = b.clientKey;
    this.clientAssertionAudience = b.clientAssertionAudience;
    this.certificateBoundTokens = b.certificateBoundTokens;
    this.learnedClientAuthentication = b.learnedClientAuthentication;
    // RFC 6749 §7.1: only the types this client can use; DPoP's when it sends proofs.
    this.acceptedTokenTypes = dpop.algorithm == null ? Collections.singleton("bearer")
        : Collections.unmodifiableSet(new TreeSet<>(Arrays.asList("bearer", "dpop")));
    this.idTokenVerifier = b.idTokenVerifier;
  }

  /** The key of the application's own client_credentials session. */
  String clientCredentialsKey() {
    return provider.name() + ":" + clientId + ":client_credentials"
        + (scopes.isEmpty() ? "" : ":" + String.join(" ", scopes));
  }
}
