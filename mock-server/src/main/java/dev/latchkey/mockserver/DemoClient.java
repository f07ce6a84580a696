package dev.latchkey.mockserver;

import java.util.Objects;

/**
 * A client registered with one provider of the mock server: its id and, for a confidential
 * client, its secret.
 *
 * <p>Demo clients accept any loopback redirect URI ({@code http://127.0.0.1}, {@code localhost}
 * or {@code [::1]}, any port, any path; RFC 8252 §7.3). See {@link DemoClients} for the ids.
 */
public final class DemoClient {
  private final String provider;
  private final String clientId;
  private final String clientSecret;
  private final String name;

  DemoClient(String provider, String clientId, String clientSecret, String name) {
    this.provider = provider;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.name = name;
  }

  /** {@return the provider's path prefix, such as {@code "ora"}} */
  public String provider() {
    return provider;
  }

  /** {@return the client id ({@code client_id})} */
  public String clientId() {
    return clientId;
  }

  /** {@return the client secret, or null for a public client (which must use PKCE)} */
  public String clientSecret() {
    return clientSecret;
  }

  /** {@return true when this client has no secret (a public client, RFC 6749 §2.1)} */
  public boolean isPublic() {
    return clientSecret == null;
  }

  /** {@return the application name the consent page shows} */
  public String name() {
    return name;
  }

  @Override public boolean equals(Object o) {
    return o instanceof DemoClient
        && ((DemoClient) o).provider.equals(provider)
        && ((DemoClient) o).clientId.equals(clientId)
        && Objects.equals(((DemoClient) o).clientSecret, clientSecret);
  }

  @Override public int hashCode() {
    return Objects.hash(provider, clientId, clientSecret);
  }

  /** {@return the provider and client id; never the secret} */
  @Override public String toString() {
    return "DemoClient{provider=" + provider + ", clientId=" + clientId
        + (isPublic() ? ", public" : "") + "}";
  }
}
