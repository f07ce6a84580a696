package dev.latchkey.examples;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenStore;
import java.nio.file.Path;
import java.nio.file.Paths;

/** docs/security.md. */
final class SecurityExamples {
  private SecurityExamples() {
  }

  static Path defaultTokenFile() {
    // snippet:security-file-store
    Path tokens = Paths.get(System.getProperty("user.home"), ".config", "myapp", "tokens.json");
    TokenStore store = TokenStore.file(tokens);   // 0600 file in a 0700 directory
    // end-snippet
    return store == null ? null : tokens;
  }

  static OAuth2Client withStore(String baseUrl, String clientId, String clientSecret,
      Path tokens) {
    // snippet:security-secrets-from-environment
    OAuth2Client orgo = OAuth2Client.builder()
        .provider(Provider.orgo(baseUrl))
        .clientId(clientId)
        .clientSecret(clientSecret)               // from a secret store or the environment
        .redirectUri("https://app.example.com/callback")
        .tokenStore(TokenStore.file(tokens))
        .build();
    System.out.println(orgo);  // OAuth2Client{provider=orgo, clientId=…, clientSecret=present}
    // end-snippet
    return orgo;
  }
}
