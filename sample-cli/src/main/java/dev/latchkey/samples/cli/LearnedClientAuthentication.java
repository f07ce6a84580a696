package dev.latchkey.samples.cli;

import dev.latchkey.Dialect.ClientAuthentication;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenListener;
import dev.latchkey.TokenStore;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;

/**
 * Remembers, in the token store, which client authentication a token endpoint accepted from a
 * client. With {@link ClientAuthentication#AUTO} the SDK tries HTTP Basic first and falls back to
 * parameters, learning what works, but only for the life of the process; a CLI is a new process
 * each run, and would repeat the failing attempt every time. The SDK reports what it learned
 * ({@link TokenListener#clientAuthenticationLearned}), this keeps it, and the next run starts
 * from it ({@link OAuth2Client.Builder#learnedClientAuthentication}); should the server change
 * its mind, the SDK falls back and reports the other method, which replaces this one.
 *
 * <p>The token store is the CLI's one file, owner-only and written atomically; the entry holds
 * the method's name and no secret.
 */
final class LearnedClientAuthentication implements TokenListener {
  /** The extra field of the store entry that holds the method. */
  private static final String FIELD = "client_authentication";

  private final TokenStore store;
  private final String key;
  private final ClientAuthentication remembered;

  private LearnedClientAuthentication(TokenStore store, String key,
      ClientAuthentication remembered) {
    this.store = store;
    this.key = key;
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
    return new LearnedClientAuthentication(store, key, remembered);
  }

  /** Starts {@code client} from the remembered method and has it report what it learns here. */
  OAuth2Client.Builder apply(OAuth2Client.Builder client) {
    return client.learnedClientAuthentication(remembered).listener(this);
  }

  /** The remembered method, or null before the first success. */
  ClientAuthentication remembered() {
    return remembered;
  }

  @Override
  public void clientAuthenticationLearned(ClientAuthentication method) {
    try {
      // The store keeps tokens; this entry borrows the shape, with no secret in it.
      store.save(key, Token.builder()
          .accessToken("-")
          .tokenType("none")
          .issuedAt(Instant.EPOCH)
          .extras(Collections.singletonMap(FIELD, method.name().toLowerCase(Locale.ROOT)))
          .build());
    } catch (IOException | RuntimeException e) {
      // Only an optimisation: a run that cannot remember probes again next time.
    }
  }
}
