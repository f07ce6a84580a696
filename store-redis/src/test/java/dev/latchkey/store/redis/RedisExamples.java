package dev.latchkey.store.redis;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.store.TokenEncryption;

/** The Redis example of docs/fleet.md, as a user writes it; {@code FleetPageTest} keeps them equal. */
final class RedisExamples {
  private RedisExamples() {
  }

  static OAuth2Client fleetClient(String redisUri, TokenEncryption encryption, Provider provider,
      String clientId, String clientSecret) {
    // snippet:redis-store
    RedisTokenStore store = RedisTokenStore.builder()
        .uri(redisUri)                           // such as redis://redis.internal:6379
        .keyPrefix("billing:latchkey:")          // default "latchkey:"
        .encryption(encryption)                  // optional: null stores plain JSON
        .build();
    OAuth2Client client = OAuth2Client.builder()
        .provider(provider).clientId(clientId).clientSecret(clientSecret)
        .tokenStore(store)
        .build();
    // end-snippet
    return client;
  }
}
