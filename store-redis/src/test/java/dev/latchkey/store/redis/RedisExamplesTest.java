package dev.latchkey.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.store.TokenEncryption;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class RedisExamplesTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void twoInstancesBuiltLikeTheExampleShareOneEncryptedToken() throws Exception {
    TokenEncryption encryption = TokenEncryption.builder()
        .currentKey("2025-06", new SecretKeySpec(new byte[32], "AES")).build();
    try (MockAuthServer mock = MockAuthServer.builder().build()) {
      mock.start();
      Provider provider = Provider.organizationApiBasic(mock.baseUrl("orgapi").toString());
      String id = mock.demoClient("orgapi").clientId();
      String secret = mock.demoClient("orgapi").clientSecret();
      String uri = redis.server().uri();
      try (OAuth2Client first = RedisExamples.fleetClient(uri, encryption, provider, id, secret);
          OAuth2Client second = RedisExamples.fleetClient(uri, encryption, provider, id, secret);
          RedisTokenStore firstStore = (RedisTokenStore) first.tokenStore();
          RedisTokenStore secondStore = (RedisTokenStore) second.tokenStore()) {
        String token = first.clientCredentialsSession().accessToken();
        assertEquals(token, second.clientCredentialsSession().accessToken());
        assertEquals(1, mock.tokenRequests("orgapi"));
        firstStore.delete(first.clientCredentialsSession().key());
      }
    }
  }
}
