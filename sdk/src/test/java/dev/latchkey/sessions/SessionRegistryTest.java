package dev.latchkey.sessions;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** One live session object per key, so callers share its single-flight renewal. */
final class SessionRegistryTest {
  private final OAuth2Client client = OAuth2Client.builder()
      .provider(Provider.onna("https://api.onna.example/"))
      .clientId("app")
      .clientSecret("secret")
      .build();

  @Test
  void sameKeyReturnsTheLiveSession() {
    TokenSession alice = client.session("alice");
    assertSame(alice, client.session("alice"));
    assertNotSame(alice, client.session("bob"));
    assertSame(client.clientCredentialsSession(), client.clientCredentialsSession());
  }

  @Test
  void closedSessionIsReplaced() {
    TokenSession first = client.session("alice");
    first.close();
    TokenSession second = client.session("alice");
    assertNotSame(first, second);
    assertSame(second, client.session("alice"));
  }

  @Test
  void userAndApplicationSessionsNeverShareAnObject() {
    TokenSession app = client.clientCredentialsSession();
    assertNotSame(app, client.session("alice"));
  }
}
