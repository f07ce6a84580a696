package dev.latchkey.examples;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.Dialect;
import dev.latchkey.MutualTls;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.SigningKey;
import dev.latchkey.TokenStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.OkHttpClient;

/** docs/dpop.md, docs/client-authentication.md, docs/mutual-tls.md, docs/par.md. */
final class SenderConstrainedExamples {
  private SenderConstrainedExamples() {
  }

  static OkHttpClient dpop(Provider provider, String clientId, String clientSecret, Path tokens) {
    // snippet:dpop-client
    OAuth2Client client = OAuth2Client.builder()
        .provider(provider)
        .clientId(clientId)
        .clientSecret(clientSecret)
        .dpop()                                 // ES256, or what the provider's metadata lists
        .tokenStore(TokenStore.file(tokens))    // each token's DPoP key is kept with it
        .build();
    OkHttpClient api = client.clientCredentialsSession().authorize(new OkHttpClient());
    // every request: Authorization: DPoP <token>, and a fresh proof in the DPoP header
    // end-snippet
    return api;
  }

  static OAuth2Client privateKeyJwt(Provider provider, String clientId, Path keyFile)
      throws IOException {
    // snippet:private-key-jwt
    String pem = new String(Files.readAllBytes(keyFile), StandardCharsets.UTF_8);
    SigningKey key = SigningKey.fromPem(pem)   // PKCS#8: "-----BEGIN PRIVATE KEY-----"
        .withAlgorithm("PS256")                // an RSA key signs RS256 unless told otherwise
        .withKeyId("2025-06");                 // the kid the provider knows the public key by
    OAuth2Client client = OAuth2Client.builder()
        .provider(provider)
        .clientId(clientId)
        .clientKey(key)                        // no secret: every request carries an assertion
        .build();
    // end-snippet
    return client;
  }

  static OAuth2Client clientSecretJwt(Provider provider, String clientId, String clientSecret) {
    // snippet:client-secret-jwt
    OAuth2Client client = OAuth2Client.builder()
        .provider(provider.newBuilder()
            .dialect(provider.dialect().newBuilder()
                .clientAuthentication(Dialect.ClientAuthentication.CLIENT_SECRET_JWT)
                .build())
            .build())
        .clientId(clientId)
        .clientSecret(clientSecret)            // signs the assertion; never sent itself
        .build();
    // end-snippet
    return client;
  }

  static OkHttpClient mutualTls(Provider provider, String clientId, Path certificateFile,
      Path keyFile, String trustedCaPem) throws IOException {
    // snippet:mutual-tls
    OkHttpClient http = MutualTls.configure(new OkHttpClient.Builder(),
        new String(Files.readAllBytes(certificateFile), StandardCharsets.UTF_8),
        new String(Files.readAllBytes(keyFile), StandardCharsets.UTF_8),
        trustedCaPem)                          // null: the platform's CAs
        .build();
    OAuth2Client client = OAuth2Client.builder()
        .provider(provider.newBuilder()
            .dialect(provider.dialect().newBuilder()
                .clientAuthentication(Dialect.ClientAuthentication.TLS_CLIENT_AUTH)
                .build())
            .build())
        .clientId(clientId)
        .httpClient(http)
        .build();
    // The same client presents the certificate to APIs: certificate-bound tokens work.
    OkHttpClient api = client.clientCredentialsSession().authorize(http);
    // end-snippet
    return api;
  }

  static AuthorizationRequest par(OAuth2Client client) throws IOException {
    // snippet:par-push
    AuthorizationRequest request = client.newAuthorizationRequest().push();
    // request.url(): https://id.example.com/authorize?client_id=…&request_uri=urn:…
    // end-snippet
    return request;
  }
}
