package dev.latchkey.mockserver;

import dev.latchkey.mockserver.MockProvider.BodyEncoding;
import dev.latchkey.mockserver.MockProvider.ClientAuthMethod;
import java.util.ArrayList;
import java.util.List;

/** How error messages describe a provider's dialect: where its parameters and credentials go. */
final class ProviderMessages {
  private ProviderMessages() {
  }

  static String bodyFormats(MockProvider p) {
    if (p.bodyEncodings.size() == 2) {
      return "a form (application/x-www-form-urlencoded) or JSON (application/json) body";
    }
    return p.bodyEncodings.contains(BodyEncoding.JSON)
        ? "a JSON body (Content-Type: application/json)"
        : "a form body (Content-Type: application/x-www-form-urlencoded)";
  }

  /** {@return the body a client puts parameters in, for messages: "the JSON body" etc.} */
  static String bodyName(MockProvider p) {
    if (p.bodyEncodings.size() == 2) return "the request body";
    return p.bodyEncodings.contains(BodyEncoding.JSON) ? "the JSON body" : "the form body";
  }

  /** {@return where client credentials go, for messages} */
  static String credentialsWhere(MockProvider p) {
    List<String> ways = new ArrayList<>();
    if (p.clientAuth.contains(ClientAuthMethod.BASIC)) {
      ways.add(p.clientAuth.contains(ClientAuthMethod.QUERY)
          ? "in an HTTP Basic header (RFC 6749 §2.3.1)" : "in an HTTP Basic header");
    }
    if (p.clientAuth.contains(ClientAuthMethod.BODY)) ways.add("in " + bodyName(p));
    if (p.clientAuth.contains(ClientAuthMethod.QUERY)) ways.add("in the URL query");
    String secret = ways.isEmpty() ? null : String.join(" or ", ways)
        + " (client_id, client_secret)";
    List<String> jwts = new ArrayList<>();
    if (p.clientAuth.contains(ClientAuthMethod.PRIVATE_KEY_JWT)) jwts.add("private_key_jwt");
    if (p.clientAuth.contains(ClientAuthMethod.CLIENT_SECRET_JWT)) jwts.add("client_secret_jwt");
    String jwt = jwts.isEmpty() ? null : "as a client_assertion (" + String.join(" or ", jwts)
        + ", RFC 7523 §2.2)";
    return secret == null ? jwt : jwt == null ? secret : secret + ", or " + jwt;
  }
}
