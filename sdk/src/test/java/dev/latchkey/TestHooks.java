package dev.latchkey;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import okio.Buffer;

/**
 * What tests in other packages may reach of the package-private parts: the parsers (fuzzed),
 * the pause between retries and lease polls, the count of callers waiting on a renewal, and a
 * request whose code exchange proves the wrong DPoP key.
 */
public final class TestHooks {
  private TestHooks() {
  }

  /** Parses a token response body as the grants do. */
  public static Token parseTokenResponse(String body, Set<String> requestedScopes)
      throws MalformedResponseException {
    Map<String, Object> json = JsonBodies.parseObject(new Buffer().writeUtf8(body), 200,
        "application/json", "token response");
    return TokenResponses.parse(json, 200, "application/json", Instant.now(), requestedScopes,
        java.util.Collections.singleton("bearer"));
  }

  /** Parses a callback URI as {@link OAuth2Client#exchange(AuthorizationRequest, String)} does. */
  public static Map<String, String> callbackParameters(String uri)
      throws InvalidCallbackException {
    return Callbacks.parameters(uri);
  }

  /** Records every pause (retries, lease polls) instead of sleeping, and runs {@code then}. */
  public static OAuth2Client.Builder pauses(OAuth2Client.Builder builder, LongConsumer then) {
    return builder.sleeper(then::accept);
  }

  /** The PKCE verifier a request keeps for its code exchange. */
  public static String codeVerifier(AuthorizationRequest request) {
    return request.codeVerifier();
  }

  /**
   * A copy of {@code request}, unused, whose code exchange proves a new DPoP key instead of the
   * one the request bound its code to: what a thief of the code could at best do.
   */
  public static AuthorizationRequest boundToAnotherKey(AuthorizationRequest request) {
    return new AuthorizationRequest(request.url(), request.state(), request.codeVerifier(),
        request.redirectUri(), request.nonce(), request.scopes(), request.createdAt(),
        request.expiresAt(), DpopKey.generate(request.dpopKey().algorithm), false);
  }

  /** The state a request expects back. */
  public static String state(AuthorizationRequest request) {
    return request.state();
  }

  /** The callers blocked on {@code session}'s renewal in flight. */
  public static int callersAwaitingRenewal(TokenSession session) {
    return session.callersAwaitingRenewal();
  }
}
