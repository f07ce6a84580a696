package dev.latchkey.mockserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * Checks a {@code DPoP} proof (RFC 9449 §4.3) for one request: a JWS of type {@code dpop+jwt}
 * signed with ES256, RS256 or PS256 by the public key in its {@code jwk} header, whose
 * {@code htm} and {@code htu} name this request, whose {@code iat} is near the server's clock,
 * whose {@code jti} was not seen before, with {@code ath} for an access token and the server's
 * nonce when the provider asks for one.
 */
final class DpopVerifier {
  /** How far a proof's {@code iat} may be from the server's clock, either way. */
  static final Duration IAT_WINDOW = Duration.ofSeconds(60);
  /** The algorithms accepted, as metadata lists them. */
  static final List<String> ALGORITHMS = List.of("ES256", "RS256", "PS256");

  private final EndpointState state;

  DpopVerifier(EndpointState state) {
    this.state = state;
  }

  /**
   * Verifies the request's proof.
   *
   * @param accessToken the access token the request presents, which {@code ath} must hash; null
   *     at the token endpoint
   * @return the RFC 7638 thumbprint of the proof's key, or null when the request has no proof
   */
  String verify(MockProvider p, RecordedRequest request, String accessToken) throws Refusal {
    List<String> headers = request.getHeaders().values("DPoP");
    if (headers.isEmpty()) return null;
    if (headers.size() > 1) throw invalid("send one DPoP header; got " + headers.size());
    SignedJWT proof;
    try {
      proof = SignedJWT.parse(headers.get(0).trim());
    } catch (ParseException e) {
      // Also where the jwk header holds a private key: the parser refuses it.
      throw invalid("the DPoP proof is not a signed JWT: " + e.getMessage());
    }
    JWSHeader header = proof.getHeader();
    if (header.getType() == null || !"dpop+jwt".equals(header.getType().getType())) {
      throw invalid("the DPoP proof's typ must be dpop+jwt; got " + header.getType());
    }
    String alg = header.getAlgorithm().getName();
    if (!ALGORITHMS.contains(alg)) {
      throw invalid("the DPoP proof's alg " + alg + " is not supported; use one of "
          + String.join(", ", ALGORITHMS));
    }
    JWK jwk = header.getJWK();
    if (jwk == null) throw invalid("the DPoP proof has no jwk header with its public key");
    if (!signatureValid(proof, jwk, header.getAlgorithm())) {
      throw invalid("the DPoP proof's signature does not verify with its jwk header's key");
    }
    JWTClaimsSet claims;
    String jti;
    String htm;
    String htu;
    String nonce;
    String ath;
    try {
      claims = proof.getJWTClaimsSet();
      jti = claims.getStringClaim("jti");
      htm = claims.getStringClaim("htm");
      htu = claims.getStringClaim("htu");
      nonce = claims.getStringClaim("nonce");
      ath = claims.getStringClaim("ath");
    } catch (ParseException e) {
      throw invalid("the DPoP proof's claims are malformed: " + e.getMessage());
    }
    if (jti == null || jti.isEmpty()) throw invalid("the DPoP proof has no jti");
    if (!request.getMethod().equals(htm)) {
      throw invalid("the DPoP proof's htm is " + htm + " but the request is "
          + request.getMethod());
    }
    checkHtu(request, htu);
    Instant now = state.now();
    checkIat(claims.getIssueTime(), now);
    if (state.settings().dpopNonce(p) && !state.dpopNonceValid(nonce)) {
      throw new Refusal("use_dpop_nonce", nonce == null
          ? "the DPoP proof must carry the server's nonce; use the DPoP-Nonce header's value"
          : "the DPoP proof's nonce is not one this server issued or has expired; use the "
              + "DPoP-Nonce header's value", state.newDpopNonce());
    }
    if (accessToken != null) {
      if (ath == null) throw invalid("the DPoP proof has no ath; a proof sent with an access "
          + "token carries its SHA-256 hash (RFC 9449 §4.2)");
      if (!MessageDigest.isEqual(ath.getBytes(StandardCharsets.US_ASCII),
          hash(accessToken).getBytes(StandardCharsets.US_ASCII))) {
        throw invalid("the DPoP proof's ath is not the SHA-256 hash of the access token");
      }
    }
    String jkt;
    try {
      jkt = jwk.computeThumbprint().toString();
    } catch (JOSEException e) {
      throw invalid("the DPoP proof's jwk has no thumbprint: " + e.getMessage());
    }
    // A proof is good for IAT_WINDOW either side of its iat, so remembering it that long is enough.
    Instant until = claims.getIssueTime().toInstant().plus(IAT_WINDOW).plus(IAT_WINDOW);
    if (!state.firstUse("dpop " + jkt + ' ' + jti, until)) {
      throw invalid("the DPoP proof's jti was used before; make a new proof for each request");
    }
    return jkt;
  }

  private static boolean signatureValid(SignedJWT proof, JWK jwk, JWSAlgorithm alg)
      throws Refusal {
    if (alg.equals(JWSAlgorithm.ES256)) {
      if (!(jwk instanceof ECKey) || !Curve.P_256.equals(((ECKey) jwk).getCurve())) {
        throw invalid("alg ES256 needs an EC P-256 key in the jwk header; got "
            + jwk.getKeyType());
      }
    } else if (!(jwk instanceof RSAKey)) {
      throw invalid("alg " + alg + " needs an RSA key in the jwk header; got "
          + jwk.getKeyType());
    }
    try {
      return proof.verify(ClientKeys.verifier(jwk));
    } catch (JOSEException e) {
      return false;
    }
  }

  private static void checkHtu(RecordedRequest request, String htu) throws Refusal {
    if (htu == null) throw invalid("the DPoP proof has no htu");
    HttpUrl claimed = HttpUrl.parse(htu);
    if (claimed == null) throw invalid("the DPoP proof's htu is not an http(s) URL: " + htu);
    if (htu.indexOf('?') >= 0 || htu.indexOf('#') >= 0) {
      throw invalid("the DPoP proof's htu must have no query or fragment (RFC 9449 §4.2): "
          + htu);
    }
    HttpUrl target = request.getUrl().newBuilder().query(null).fragment(null).build();
    if (!claimed.equals(target)) {
      throw invalid("the DPoP proof's htu is " + htu + " but the request went to " + target);
    }
  }

  private static void checkIat(Date iat, Instant now) throws Refusal {
    if (iat == null) throw invalid("the DPoP proof has no iat");
    long skew = Duration.between(now, iat.toInstant()).getSeconds();
    if (Math.abs(skew) > IAT_WINDOW.getSeconds()) {
      throw invalid("the DPoP proof's iat is " + Math.abs(skew) + " s " + (skew > 0
          ? "ahead of" : "behind") + " the server's clock; proofs are accepted within "
          + IAT_WINDOW.getSeconds() + " s");
    }
  }

  /** {@return base64url(SHA-256(ASCII(token))), the {@code ath} of RFC 9449 §4.2} */
  static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static Refusal invalid(String description) {
    return new Refusal("invalid_dpop_proof", description);
  }
}
