package dev.latchkey;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Pushed authorization requests (RFC 9126): the parameters go to the PAR endpoint, and the
 * browser gets only {@code client_id} and the {@code request_uri} the provider issued (§4). With
 * DPoP the push carries a proof of the key the code is bound to (RFC 9449 §10.1).
 */
final class PushedAuthorization {
  /** A {@code request_uri} is a reference, not a secret; this bounds what the browser carries. */
  private static final int MAX_REQUEST_URI_LENGTH = 2048;

  private PushedAuthorization() {
  }

  /**
   * Pushes the authorization parameters of {@code url} (those the endpoint's own URL does not
   * have) and returns the URL to send the browser to.
   *
   * @param dpopKey the key whose proof binds the code, or null without DPoP
   */
  static HttpUrl push(ClientConfig client, Grants grants, HttpUrl url, DpopKey dpopKey)
      throws IOException {
    HttpUrl authorizationEndpoint = client.provider.authorizationEndpoint();
    HttpUrl parEndpoint = client.provider.pushedAuthorizationRequestEndpoint();
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < url.querySize(); i++) {
      String name = url.queryParameterName(i);
      if (authorizationEndpoint.queryParameter(name) == null) {
        params.put(name, url.queryParameterValue(i));
      }
    }
    Map<String, Object> answer = grants.pushAuthorization(parEndpoint, params, dpopKey);
    Object requestUri = answer.get("request_uri");
    if (!(requestUri instanceof String) || ((String) requestUri).isEmpty()
        || ((String) requestUri).length() > MAX_REQUEST_URI_LENGTH
        || Texts.firstNonHeaderChar((String) requestUri) >= 0) {
      throw new MalformedResponseException("The pushed authorization response from "
          + Urls.redact(parEndpoint) + " has " + (requestUri == null ? "no request_uri"
          : "a request_uri that is not a short string of visible ASCII")
          + " (RFC 9126 §2.2); the provider did not accept the request", 201, null, null);
    }
    return authorizationEndpoint.newBuilder()
        .addQueryParameter("client_id", client.clientId)
        .addQueryParameter("request_uri", (String) requestUri)
        .build();
  }
}
