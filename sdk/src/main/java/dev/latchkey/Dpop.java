package dev.latchkey;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * One client's DPoP (RFC 9449): makes proofs and remembers the newest nonce each server gave
 * (§8, §9), shared by token requests and API requests.
 */
final class Dpop {
  /** The error a server answers with when a proof lacks its current nonce (RFC 9449 §8, §9). */
  static final String USE_DPOP_NONCE = "use_dpop_nonce";
  /** Nonces are opaque but short; a longer header is refused rather than echoed forever. */
  private static final int MAX_NONCE_LENGTH = 512;
  /** Bounds the nonce memory; a client talks to a handful of servers. */
  private static final int MAX_ORIGINS = 64;

  final String algorithm;
  private final Clock clock;
  private final Map<String, String> nonces = new ConcurrentHashMap<>();

  Dpop(String algorithm, Clock clock) {
    this.algorithm = algorithm;
    this.clock = clock;
  }

  /** Makes the key a new token lineage is bound to. */
  DpopKey newKey() {
    return DpopKey.generate(algorithm);
  }

  /**
   * Returns a proof for one request (RFC 9449 §4.2): {@code htu} without query and fragment,
   * {@code ath} when presenting {@code accessToken}, the server's newest nonce if it gave one.
   */
  String proof(DpopKey key, String method, HttpUrl url, String accessToken) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("jti", Secrets.randomUrlSafe(16));
    claims.put("htm", method);
    claims.put("htu", htu(url));
    claims.put("iat", clock.instant().getEpochSecond());
    if (accessToken != null) {
      claims.put("ath", Secrets.s256(accessToken)); // base64url(SHA-256(ASCII)), as PKCE's S256.
    }
    String nonce = nonces.get(origin(url));
    if (nonce != null) {
      claims.put("nonce", nonce);
    }
    return Jose.sign(key.algorithm, key.keyPair.getPrivate(), key.encodedHeader, claims);
  }

  /**
   * Remembers the {@code DPoP-Nonce} of a response, if any, as its server's newest.
   *
   * @return true if the response carried a nonce different from the one remembered
   */
  boolean remember(Response response) {
    String nonce = response.header("DPoP-Nonce");
    if (nonce == null || nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH
        || Texts.firstNonHeaderChar(nonce) >= 0) {
      return false;
    }
    String origin = origin(response.request().url());
    if (nonces.size() >= MAX_ORIGINS && !nonces.containsKey(origin)) {
      nonces.clear(); // Forgetting costs one extra round trip per server, never correctness.
    }
    return !nonce.equals(nonces.put(origin, nonce));
  }

  /** Tells whether a resource server's 401 asks for a nonce (RFC 9449 §9). */
  static boolean nonceChallenge(Response response) {
    if (response.code() != 401 || response.header("DPoP-Nonce") == null) {
      return false;
    }
    for (String challenge : response.headers("WWW-Authenticate")) {
      String lower = challenge.toLowerCase(Locale.ROOT);
      if (lower.startsWith("dpop") && (lower.contains("error=\"" + USE_DPOP_NONCE + "\"")
          || lower.contains("error=" + USE_DPOP_NONCE))) {
        return true;
      }
    }
    return false;
  }

  static String htu(HttpUrl url) {
    return url.newBuilder().query(null).fragment(null).build().toString();
  }

  private static String origin(HttpUrl url) {
    return url.scheme() + "://" + url.host() + ":" + url.port();
  }
}
