package dev.latchkey.interop;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.OkHttpClient;

/** What the interop tests share: the server, its discovered provider, and clients of it. */
final class Interop {
  static final OkHttpClient HTTP = new OkHttpClient();

  private Interop() {
  }

  static InteropServer server() {
    return InteropServer.shared();
  }

  /** SAS as discovery finds it. */
  static Provider provider() {
    try {
      return Provider.discover(HTTP, server().issuer());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A builder for a client of SAS with {@code clientId}'s registered secret. */
  static OAuth2Client.Builder client(String clientId) {
    return OAuth2Client.builder().provider(provider()).httpClient(HTTP).clientId(clientId)
        .clientSecret(InteropClients.secret(clientId));
  }

  /** How many token requests of {@code grantType} {@code clientId} made so far. */
  static int grants(String clientId, String grantType) {
    return server().exchanges(e -> e.isGrant(clientId, grantType)).size();
  }
}
