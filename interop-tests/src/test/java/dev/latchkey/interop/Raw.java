package dev.latchkey.interop;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropServer;
import java.io.IOException;
import java.util.List;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Requests the sdk does not make (yet), written by hand from the RFCs, and JOSE checks done with
 * Nimbus rather than the sdk: the independent side of each assertion.
 */
final class Raw {
  private Raw() {
  }

  /** A status and body, read and closed. */
  record Answer(int status, String body, String header) {
  }

  /** POSTs a form, with {@code clientId}'s Basic credentials unless it is null. */
  static Answer post(String url, String clientId, FormBody form, String... headers)
      throws IOException {
    Request.Builder request = new Request.Builder().url(url).post(form);
    if (clientId != null) {
      request.header("Authorization",
          Credentials.basic(clientId, InteropClients.secret(clientId)));
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  static Answer send(Request request) throws IOException {
    return send(Interop.HTTP, request);
  }

  static Answer send(OkHttpClient http, Request request) throws IOException {
    try (Response response = http.newCall(request).execute()) {
      return new Answer(response.code(), response.body().string(),
          response.header("WWW-Authenticate"));
    }
  }

  /** RFC 7662 introspection of {@code token}, as the Basic client. */
  static String introspect(InteropServer server, String token) throws IOException {
    Answer answer = post(server.url("/oauth2/introspect"), InteropClients.BASIC,
        new FormBody.Builder().add("token", token).build());
    if (answer.status() != 200) {
      throw new AssertionError("introspection: HTTP " + answer.status() + " " + answer.body());
    }
    return answer.body();
  }

  /** Verifies {@code jwt}'s signature with a key from SAS's JWKS and returns its claims. */
  static Claims verifiedClaims(InteropServer server, String jwt) throws Exception {
    SignedJWT signed = SignedJWT.parse(jwt);
    JWKSet keys;
    try (Response response = Interop.HTTP.newCall(
        new Request.Builder().url(server.url("/oauth2/jwks")).build()).execute()) {
      keys = JWKSet.parse(response.body().string());
    }
    RSAKey key = (RSAKey) keys.getKeyByKeyId(signed.getHeader().getKeyID());
    if (key == null) {
      throw new AssertionError("no key " + signed.getHeader().getKeyID() + " in the JWKS");
    }
    JWSVerifier verifier = new RSASSAVerifier(key);
    if (!signed.verify(verifier)) {
      throw new AssertionError("the signature does not verify with the JWKS key");
    }
    return new Claims(signed.getJWTClaimsSet());
  }

  /** A verified JWT's claims. */
  record Claims(JWTClaimsSet set) {
    String issuer() {
      return set.getIssuer();
    }

    String subject() {
      return set.getSubject();
    }

    List<String> audience() {
      return set.getAudience();
    }

    Object get(String name) {
      return set.getClaim(name);
    }

    boolean has(String name) {
      return set.getClaims().containsKey(name);
    }
  }
}
