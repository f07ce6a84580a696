package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.Dialect;
import dev.latchkey.ErrorCode;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropServer;
import dev.latchkey.interop.server.MutualTls;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * {@code tls_client_auth} (RFC 8705 §2.1) at SAS's HTTPS listener: the client authenticates by
 * its certificate alone, and SAS binds the token to it (§3, {@code cnf} {@code x5t#S256}).
 */
class MutualTlsInteropTest {
  private final InteropServer server = Interop.server();
  private final MutualTls tls = server.mutualTls();

  /** SAS as discovered, with its certificate-asking listener as the token endpoint's alias. */
  private Provider provider() {
    return Interop.provider().newBuilder()
        .dialect(Dialect.builder()
            .clientAuthentication(Dialect.ClientAuthentication.TLS_CLIENT_AUTH).build())
        // SAS announces no mtls_endpoint_aliases: its one port here is plain http.
        .mtlsEndpointAlias("token_endpoint", tls.url("/oauth2/token"))
        .build();
  }

  /**
   * A client of the tls-client registration whose HTTP client is the app's own, with the key
   * store's certificate or none, as docs/mutual-tls.md allows.
   */
  private OAuth2Client client(boolean withCertificate) {
    OkHttpClient http = Interop.HTTP.newBuilder().sslSocketFactory(
        tls.clientContext(withCertificate).getSocketFactory(), tls.trustManager()).build();
    return OAuth2Client.builder().provider(provider()).httpClient(http)
        .clientId(InteropClients.TLS_CLIENT_AUTH).scopes("api.read").build();
  }

  private List<InteropServer.Exchange> tokenRequests() {
    return server.exchanges(e -> e.isGrant(InteropClients.TLS_CLIENT_AUTH, "client_credentials"));
  }

  @Test
  void certificateAuthenticatesTheClientAndBindsItsToken() throws Exception {
    try (OAuth2Client client = client(true)) {
      int before = tokenRequests().size();

      Token token = client.clientCredentials();

      assertEquals(Set.of("api.read"), token.scopes());
      Map<?, ?> cnf = (Map<?, ?>) SignedJWT.parse(token.accessToken()).getJWTClaimsSet()
          .getClaim("cnf");
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(tls.clientCertificate().getEncoded());
      assertEquals(Base64URL.encode(hash).toString(), cnf.get("x5t#S256"));
      List<InteropServer.Exchange> sent = tokenRequests();
      assertEquals(before + 1, sent.size());
      // client_id and no secret: the request log sees no other authentication.
      assertEquals("none:200", sent.get(sent.size() - 1).authentication() + ":"
          + sent.get(sent.size() - 1).status());
    }
  }

  @Test
  void withoutTheCertificateSasAuthenticatesNoClient() throws Exception {
    try (OAuth2Client client = client(false)) {
      int before = tokenRequests().size();
      TokenEndpointException e =
          assertThrows(TokenEndpointException.class, client::clientCredentials);

      // SAS finds no client to authenticate and answers its entry point's bare 401, with no
      // error body (RFC 6749 §5.2 asks for invalid_client; finding 18): the sdk reports the
      // status, and no error code.
      assertEquals(401, e.httpStatus(), e.getMessage());
      assertEquals(ErrorCode.OTHER, e.errorCode(), e.getMessage());
      assertEquals(List.of("none:401"), tokenRequests().subList(before, tokenRequests().size())
          .stream().map(x -> x.authentication() + ":" + x.status()).toList());
    }
  }
}
