package dev.latchkey.mockserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWT client assertions (RFC 7523 §2.2, RFC 7521 §4.2, OpenID Connect Core §9): found in the
 * request body, then checked for the client they name: the signature ({@code private_key_jwt}
 * with a registered public key, {@code client_secret_jwt} with HS256 keyed by the secret),
 * {@code iss} = {@code sub} = client id, an {@code aud} naming this server, {@code exp} not
 * passed, {@code nbf} reached, and a {@code jti} never seen before.
 */
final class ClientAssertions {
  static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  static final List<String> KEY_ALGORITHMS = List.of("RS256", "PS256", "ES256");
  static final List<String> SECRET_ALGORITHMS = List.of("HS256");

  private ClientAssertions() {
  }

  /** {@return the assertion algorithms {@code p} accepts, for metadata} */
  static List<String> algorithms(MockProvider p) {
    List<String> algs = new ArrayList<>();
    if (p.clientAuth.contains(MockProvider.ClientAuthMethod.PRIVATE_KEY_JWT)) {
      algs.addAll(KEY_ALGORITHMS);
    }
    if (p.clientAuth.contains(MockProvider.ClientAuthMethod.CLIENT_SECRET_JWT)) {
      algs.addAll(SECRET_ALGORITHMS);
    }
    return algs;
  }

  /**
   * Finds a client assertion of one kind in the request body.
   *
   * @param hmac true for {@code client_secret_jwt} (HS*), false for {@code private_key_jwt}
   * @return the credentials, or null when there is no assertion or it is of the other kind
   */
  static ClientAuthenticator.Credentials find(TokenRequest request, boolean hmac,
      MockProvider.ClientAuthMethod method) throws OAuthError {
    Map<String, String> body = request.body;
    String type = body.get("client_assertion_type");
    String assertion = body.get("client_assertion");
    if (type == null && assertion == null) return null;
    String realm = ClientAuthentication.realm(request.provider);
    if (assertion == null) {
      throw OAuthError.badRequest("invalid_request", "client_assertion_type without "
          + "client_assertion; send the signed JWT as client_assertion (RFC 7521 §4.2)");
    }
    if (!TYPE.equals(type)) {
      throw OAuthError.badRequest("invalid_request", "client_assertion_type must be " + TYPE
          + "; got " + (type == null ? "none" : type));
    }
    SignedJWT jwt;
    String issuer;
    try {
      jwt = SignedJWT.parse(assertion);
      issuer = jwt.getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw OAuthError.invalidClient("client_assertion is not a signed JWT: " + e.getMessage(),
          realm);
    }
    if (jwt.getHeader().getAlgorithm().getName().startsWith("HS") != hmac) return null;
    if (issuer == null) {
      throw OAuthError.invalidClient("client_assertion has no iss; it must be the client id "
          + "(RFC 7523 §3)", realm);
    }
    String id = body.get("client_id");
    if (id != null && !id.equals(issuer)) {
      throw OAuthError.invalidClient("client_id " + id + " is not the client_assertion's iss "
          + issuer, realm);
    }
    return new ClientAuthenticator.Credentials(method, issuer, null, jwt);
  }

  /** Checks {@code jwt} as {@code client}'s assertion at the endpoint {@code request} reached. */
  static void verify(EndpointState state, TokenRequest request, Client client, SignedJWT jwt,
      boolean hmac) throws OAuthError {
    MockProvider p = request.provider;
    String realm = ClientAuthentication.realm(p);
    String alg = jwt.getHeader().getAlgorithm().getName();
    List<String> allowed = hmac ? SECRET_ALGORITHMS : KEY_ALGORITHMS;
    if (!allowed.contains(alg)) {
      throw OAuthError.invalidClient("client_assertion alg " + alg + " is not supported; use "
          + String.join(", ", allowed), realm);
    }
    if (hmac ? !hmacValid(client, jwt, realm) : !signatureValid(client, jwt, realm)) {
      throw OAuthError.invalidClient("the client_assertion's signature does not verify with "
          + (hmac ? "the client secret" : "the keys registered for client " + client.id),
          realm);
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw OAuthError.invalidClient("client_assertion claims are malformed", realm);
    }
    if (!client.id.equals(claims.getSubject())) {
      throw OAuthError.invalidClient("client_assertion sub must be the client id " + client.id
          + " (RFC 7523 §3); got " + claims.getSubject(), realm);
    }
    String issuer = state.url() + p.id;
    String tokenEndpoint = issuer + p.tokenPath;
    String here = request.raw.getUrl().newBuilder().query(null).build().toString();
    List<String> audience = claims.getAudience();
    if (!audience.contains(issuer) && !audience.contains(tokenEndpoint)
        && !audience.contains(here)) {
      throw OAuthError.invalidClient("client_assertion aud must name this server: the issuer "
          + issuer + " or the token endpoint " + tokenEndpoint + "; got " + audience, realm);
    }
    Instant now = state.now();
    if (claims.getExpirationTime() == null) {
      throw OAuthError.invalidClient("client_assertion has no exp (RFC 7523 §3)", realm);
    }
    Instant exp = claims.getExpirationTime().toInstant();
    if (!now.isBefore(exp)) {
      throw OAuthError.invalidClient("client_assertion expired at " + exp, realm);
    }
    if (claims.getNotBeforeTime() != null
        && now.isBefore(claims.getNotBeforeTime().toInstant())) {
      throw OAuthError.invalidClient("client_assertion is not valid before "
          + claims.getNotBeforeTime().toInstant(), realm);
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isEmpty()) {
      throw OAuthError.invalidClient("client_assertion has no jti (RFC 7523 §3)", realm);
    }
    if (!state.firstUse("assertion " + p.id + ' ' + client.id + ' ' + jti, exp)) {
      throw OAuthError.invalidClient("client_assertion jti was used before; make a new "
          + "assertion for each request", realm);
    }
  }

  private static boolean signatureValid(Client client, SignedJWT jwt, String realm)
      throws OAuthError {
    if (client.keys.isEmpty()) {
      throw OAuthError.invalidClient("client " + client.id + " has no registered public key "
          + "for private_key_jwt; register one (MockAuthServer.client(...).key, or POST "
          + "/__admin/clients/settings)", realm);
    }
    String kid = jwt.getHeader().getKeyID();
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    boolean anyKid = false;
    for (JWK key : client.keys) {
      if (kid != null && !kid.equals(key.getKeyID())) continue;
      anyKid = true;
      if (alg.equals(JWSAlgorithm.ES256) != key instanceof ECKey) continue;
      try {
        if (jwt.verify(ClientKeys.verifier(key))) return true;
      } catch (JOSEException e) {
        // Not this key.
      }
    }
    if (!anyKid) {
      throw OAuthError.invalidClient("no key with kid " + kid + " is registered for client "
          + client.id, realm);
    }
    return false;
  }

  /** HS256 by hand, so a secret of any length works (the demo secrets are under 256 bits). */
  private static boolean hmacValid(Client client, SignedJWT jwt, String realm)
      throws OAuthError {
    if (client.isPublic()) {
      throw OAuthError.invalidClient("client " + client.id + " is public: it has no secret "
          + "for client_secret_jwt", realm);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(client.secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal(jwt.getSigningInput());
      return MessageDigest.isEqual(expected, jwt.getSignature().decode());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
