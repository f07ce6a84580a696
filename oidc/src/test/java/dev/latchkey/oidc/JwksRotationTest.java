package dev.latchkey.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.latchkey.IdTokenException;
import dev.latchkey.IdTokenException.Reason;
import dev.latchkey.OAuth2Client;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JWKS cache: a rotated key is found with one refetch; unknown kids cost the issuer at most
 * one fetch per refetch interval on the client's clock, however many arrive, from however many
 * threads.
 */
final class JwksRotationTest {
  private final TestIssuer issuer;
  private final OidcVerifier verifier = OidcVerifier.builder()
      .refetchInterval(Duration.ofSeconds(60)).build();
  private final OAuth2Client client;

  JwksRotationTest() throws Exception {
    issuer = new TestIssuer();
    client = issuer.client(verifier);
  }

  @AfterEach
  void close() throws Exception {
    issuer.close();
  }

  private String verifiedSubject(String token) throws Exception {
    return (String) verifier.verify(client, token, null, null, null).get("sub");
  }

  @Test
  void keysAreFetchedOnceAndCached() throws Exception {
    for (int i = 0; i < 5; i++) {
      verifiedSubject(issuer.signRs256(issuer.claims(null).build()));
    }
    assertEquals(1, issuer.jwksFetches.get());
  }

  @Test
  void aRotatedKeyIsFoundWithOneRefetch() throws Exception {
    verifiedSubject(issuer.signRs256(issuer.claims(null).build()));
    RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    issuer.published.clear();
    issuer.published.add(next.toPublicJWK());
    issuer.clock.advanceSeconds(61);

    String token = TestIssuer.sign(next, JWSAlgorithm.RS256, "rsa-2",
        issuer.claims(null).build());
    assertEquals("alice", verifiedSubject(token));
    assertEquals("alice", verifiedSubject(token));
    assertEquals(2, issuer.jwksFetches.get());
  }

  @Test
  void aFloodOfUnknownKidsRefetchesAtMostOncePerInterval() throws Exception {
    verifiedSubject(issuer.signRs256(issuer.claims(null).build()));
    issuer.clock.advanceSeconds(61);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Reason>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String token = TestIssuer.sign(issuer.rsa, JWSAlgorithm.RS256, "garbage-" + i,
            issuer.claims(null).build());
        results.add(threads.submit(() -> {
          go.await(10, TimeUnit.SECONDS);
          return assertThrows(IdTokenException.class, () -> verifiedSubject(token)).reason();
        }));
      }
      go.countDown();
      for (Future<Reason> result : results) {
        assertEquals(Reason.UNKNOWN_KEY, result.get(30, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(2, issuer.jwksFetches.get());

    String garbage = TestIssuer.sign(issuer.rsa, JWSAlgorithm.RS256, "garbage-x",
        issuer.claims(null).build());
    assertThrows(IdTokenException.class, () -> verifiedSubject(garbage));
    assertEquals(2, issuer.jwksFetches.get());
    issuer.clock.advanceSeconds(60);
    IdTokenException e = assertThrows(IdTokenException.class, () -> verifiedSubject(garbage));
    assertEquals(3, issuer.jwksFetches.get());
    assertEquals("The ID token from standard was refused: its key \"garbage-x\" is not in the"
        + " issuer's JWKS at " + issuer.server.url("/jwks") + " (fetched again at most every 60"
        + " s). Check the provider's jwks_uri; if it just rotated its keys, try again in a"
        + " minute", e.getMessage());
  }

  @Test
  void anUnreachableKeySetIsAskedAgainOncePerInterval() throws Exception {
    OAuth2Client missing = client.newBuilder().provider(issuer.provider().newBuilder()
        .jwksUri(issuer.server.url("/jwks-gone").toString()).build()).build();
    String token = issuer.signRs256(issuer.claims(null).build());
    int before = issuer.server.getRequestCount();
    for (int i = 0; i < 5; i++) {
      assertThrows(dev.latchkey.OAuth2Exception.class,
          () -> verifier.verify(missing, token, null, null, null));
    }
    assertEquals(before + 1, issuer.server.getRequestCount());
    issuer.clock.advanceSeconds(60);
    assertThrows(dev.latchkey.OAuth2Exception.class,
        () -> verifier.verify(missing, token, null, null, null));
    assertEquals(before + 2, issuer.server.getRequestCount());
  }
}
