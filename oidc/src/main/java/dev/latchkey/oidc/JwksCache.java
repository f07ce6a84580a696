package dev.latchkey.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.latchkey.OAuth2Exception;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * One issuer's JSON Web Key Set, cached: fetched on first use, and again only when a token names
 * a key it lacks (the issuer rotated its keys), at most once per refetch interval on the client's
 * clock. A flood of tokens with made-up {@code kid}s therefore costs the issuer one request per
 * interval, not one per token. Refetches are single-flight.
 */
final class JwksCache {
  /** Largest JWKS read; a key set is a few kilobytes. */
  static final long MAX_BYTES = 512 * 1024;

  private final HttpUrl url;
  private final long refetchIntervalMillis;
  private final Object fetchLock = new Object();
  /** Public keys only; replaced whole. */
  private volatile List<JWK> keys;
  /** When the last fetch was tried (succeeded or not), by the clock; guarded by fetchLock. */
  private long lastFetchMillis;
  /** Why the last fetch failed, while no keys were ever had; guarded by fetchLock. */
  private OAuth2Exception lastFailure;

  JwksCache(HttpUrl url, long refetchIntervalMillis) {
    this.url = url;
    this.refetchIntervalMillis = refetchIntervalMillis;
  }

  /** The keys as cached; fetches them the first time. */
  List<JWK> keys(OkHttpClient http, Clock clock) throws IOException {
    List<JWK> current = keys;
    if (current != null) {
      return current;
    }
    synchronized (fetchLock) {
      if (keys == null) {
        if (lastFailure != null && clock.millis() - lastFetchMillis < refetchIntervalMillis) {
          // An issuer whose keys cannot be had is asked again once per interval, not per token.
          throw new OAuth2Exception(lastFailure.getMessage(), lastFailure);
        }
        fetch(http, clock);
      }
      return keys;
    }
  }

  /**
   * Fetches the keys again unless {@code seen} is stale already (another thread refetched) or
   * the last fetch was less than the refetch interval ago. Returns the keys to look in, or null
   * when no refetch was allowed and nothing changed.
   */
  List<JWK> refetch(List<JWK> seen, OkHttpClient http, Clock clock) throws IOException {
    synchronized (fetchLock) {
      if (keys != seen) {
        return keys; // Another caller refetched while this one waited.
      }
      if (clock.millis() - lastFetchMillis < refetchIntervalMillis) {
        return null;
      }
      fetch(http, clock);
      return keys;
    }
  }

  private void fetch(OkHttpClient http, Clock clock) throws IOException {
    lastFetchMillis = clock.millis();
    try {
      fetchOnce(http);
      lastFailure = null;
    } catch (OAuth2Exception e) {
      lastFailure = e;
      throw e;
    } catch (IOException e) {
      lastFailure = new OAuth2Exception("Could not fetch the JWKS from " + url + ": "
          + e.getClass().getSimpleName() + "; ID tokens cannot be verified until it answers", e);
      throw lastFailure;
    }
  }

  private void fetchOnce(OkHttpClient http) throws IOException {
    Request request = new Request.Builder().url(url).header("Accept", "application/json").build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new OAuth2Exception("The JWKS endpoint " + url + " answered HTTP " + response.code()
            + "; ID tokens cannot be verified until it serves the issuer's keys");
      }
      BufferedSource source = response.body().source();
      if (source.request(MAX_BYTES + 1)) {
        throw new OAuth2Exception("The JWKS from " + url + " is larger than " + MAX_BYTES
            + " bytes; refusing it");
      }
      List<JWK> publicKeys = new ArrayList<>();
      for (JWK key : JWKSet.parse(source.readUtf8()).getKeys()) {
        JWK pub = key.toPublicJWK();
        if (pub != null) { // Symmetric keys have no public form: never used to verify.
          publicKeys.add(pub);
        }
      }
      keys = publicKeys;
    } catch (ParseException e) {
      throw new OAuth2Exception("The JWKS from " + url + " is not a JSON Web Key Set (RFC 7517);"
          + " ID tokens cannot be verified until it is");
    }
  }
}
