package dev.latchkey.samples.cli;

import dev.latchkey.Dialect;
import dev.latchkey.Dialect.ClientAuthentication;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenStore;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Remembers, in the token store, which client authentication a token endpoint accepted from a
 * client. With {@link ClientAuthentication#AUTO} the SDK tries HTTP Basic first and falls back to
 * parameters, learning what works, but only for the life of the process; a CLI is a new process
 * each run, and would repeat the failing attempt every time. The next run pins what was learned.
 *
 * <p>The SDK does not say what it learned, so this watches the token requests it sends: a 2xx
 * answer to one with an {@code Authorization: Basic} header means Basic works, to one without it
 * means parameters do. A 401 to a pinned method forgets it, so the run after probes again.
 */
final class LearnedClientAuthentication implements Interceptor {
  /** The extra field of the store entry that holds the method. */
  private static final String FIELD = "client_authentication";

  private final TokenStore store;
  private final String key;
  private final HttpUrl tokenEndpoint;
  /** What the store holds now; written by the thread of a token request. */
  private volatile ClientAuthentication remembered;

  private LearnedClientAuthentication(TokenStore store, String key, HttpUrl tokenEndpoint,
      ClientAuthentication remembered) {
    this.store = store;
    this.key = key;
    this.tokenEndpoint = tokenEndpoint;
    this.remembered = remembered;
  }

  /**
   * Returns the memory of {@code clientId} at {@code provider}'s token endpoint, or null when the
   * provider's dialect fixes the method, so there is nothing to learn.
   */
  static LearnedClientAuthentication of(TokenStore store, Provider provider, String clientId)
      throws IOException {
    if (provider.dialect().clientAuthentication() != ClientAuthentication.AUTO) {
      return null;
    }
    String key = "latchkey-cli client-authentication " + provider.tokenEndpoint() + " " + clientId;
    Token entry = store.load(key);
    Object method = entry == null ? null : entry.extras().get(FIELD);
    ClientAuthentication remembered = "basic".equals(method) ? ClientAuthentication.BASIC
        : "parameters".equals(method) ? ClientAuthentication.PARAMETERS : null;
    return new LearnedClientAuthentication(store, key, provider.tokenEndpoint(), remembered);
  }

  /** Returns {@code provider} with the remembered method pinned, or unchanged if none is. */
  Provider apply(Provider provider) {
    if (remembered == null) {
      return provider;
    }
    Dialect dialect = provider.dialect().newBuilder().clientAuthentication(remembered).build();
    return provider.newBuilder().dialect(dialect).build();
  }

  /** The remembered method, or null before the first success. */
  ClientAuthentication remembered() {
    return remembered;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Response response = chain.proceed(request);
    if (!request.url().newBuilder().query(null).build().equals(tokenEndpoint)) {
      return response;
    }
    try {
      if (response.isSuccessful()) {
        String authorization = request.header("Authorization");
        remember(authorization != null
            && authorization.regionMatches(true, 0, "Basic ", 0, 6)
            ? ClientAuthentication.BASIC : ClientAuthentication.PARAMETERS);
      } else if (response.code() == 401 && remembered != null) {
        store.delete(key);
        remembered = null;
      }
    } catch (IOException | RuntimeException e) {
      // Only an optimisation: a run that cannot remember probes again next time.
    }
    return response;
  }

  private void remember(ClientAuthentication method) throws IOException {
    if (method == remembered) {
      return;
    }
    // The store keeps tokens; this entry borrows the shape, with no secret in it.
    store.save(key, Token.builder()
        .accessToken("-")
        .tokenType("none")
        .issuedAt(Instant.EPOCH)
        .extras(Collections.singletonMap(FIELD, method.name().toLowerCase(Locale.ROOT)))
        .build());
    remembered = method;
  }
}
