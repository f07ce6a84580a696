package dev.latchkey;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.util.Map;
import okio.Buffer;

/**
 * Runs the client's {@link IdTokenVerifier} on a token response that carries an ID token, and
 * keeps a session's validated claims across refreshes (OpenID Connect Core §12.2).
 */
final class IdTokens {
  private IdTokens() {
  }

  /**
   * Returns {@code token} with its ID token's validated claims, or unchanged when the client has
   * no verifier. {@code required}: the request asked for {@code openid}, so an answer without an
   * ID token is refused.
   */
  static Token verified(OAuth2Client client, Token token, String nonce, String code,
      boolean required) throws IOException {
    IdTokenVerifier verifier = client.idTokenVerifier();
    if (verifier == null) {
      return token;
    }
    String idToken = token.idToken();
    if (idToken == null) {
      if (required) {
        throw new IdTokenException(IdTokenException.Reason.MISSING, "The token response of "
            + client.provider().name() + " to an openid request has no id_token (OpenID Connect"
            + " Core §3.1.3.3); check that the provider supports OpenID Connect for this client");
      }
      return token;
    }
    Map<String, Object> claims = verifier.verify(client, idToken, nonce, token.accessToken(),
        code);
    return token.newBuilder().idTokenClaims(asJsonValues(claims)).build();
  }

  /**
   * The token a refresh returned, with the ID token of {@code previous} kept when the response
   * carried none, or the new one validated: its {@code sub} must stay the user's.
   */
  static Token afterRefresh(OAuth2Client client, Token previous, Token fresh) throws IOException {
    if (fresh.idToken() == null) {
      if (previous.idToken() == null) {
        return fresh;
      }
      Map<String, Object> extras = new java.util.LinkedHashMap<>(fresh.extras());
      extras.put("id_token", previous.idToken());
      return fresh.newBuilder().extras(extras).idTokenClaims(previous.idTokenClaims()).build();
    }
    Token verified = verified(client, fresh, null, null, false);
    Object before = previous.idTokenClaims() == null ? null : previous.idTokenClaims().get("sub");
    Object after = verified.idTokenClaims() == null ? null : verified.idTokenClaims().get("sub");
    if (before != null && !before.equals(after)) {
      throw new IdTokenException(IdTokenException.Reason.SUBJECT_MISMATCH, "The ID token of "
          + client.provider().name() + "'s refresh response names another user (sub) than the"
          + " login did (OpenID Connect Core §12.2); refusing it. Send the user through login"
          + " again");
    }
    return verified;
  }

  /** The claims as Moshi reads JSON (numbers as Double), so they survive a store unchanged. */
  static Map<String, Object> asJsonValues(Map<String, Object> claims) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true);
      writer.jsonValue(claims);
    } catch (IOException e) {
      throw new AssertionError(e); // A Buffer never fails.
    }
    try (JsonReader reader = JsonReader.of(buffer)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> values = (Map<String, Object>) reader.readJsonValue();
      return values;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The {@code sub} of a token's validated ID token, or null. */
  static String subject(Token token) {
    Map<String, Object> claims = token.idTokenClaims();
    Object sub = claims == null ? null : claims.get("sub");
    return sub instanceof String ? (String) sub : null;
  }
}
