package dev.latchkey.samples.cli;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.Dialect.ClientAuthentication;
import dev.latchkey.MutualTls;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Option;

/**
 * The options of issue 16, on every provider command: how the client authenticates (a key, a
 * certificate), the CA to trust, DPoP and PAR. Their names are a contract.
 */
final class SecurityOptions {
  /** The values of {@code --client-auth}, in the order the help lists them. */
  static final List<String> CLIENT_AUTH = Arrays.asList("auto", "basic", "post", "none",
      "private-key-jwt", "client-secret-jwt", "tls");

  @Option(names = "--client-auth", paramLabel = "METHOD", defaultValue = "auto",
      description = "How the client authenticates: auto, basic, post, none, private-key-jwt,"
          + " client-secret-jwt or tls (default: ${DEFAULT-VALUE}; auto uses --private-key when"
          + " given, else learns basic or post).")
  String clientAuth;

  @Option(names = "--private-key", paramLabel = "FILE",
      description = "PKCS#8 PEM private key (RSA or EC P-256) for private-key-jwt.")
  Path privateKey;

  @Option(names = "--key-id", paramLabel = "KID", description = "The kid of --private-key.")
  String keyId;

  @Option(names = "--client-cert", paramLabel = "FILE",
      description = "PEM client certificate for tls and certificate-bound tokens.")
  Path clientCert;

  @Option(names = "--client-key", paramLabel = "FILE",
      description = "PKCS#8 PEM private key of --client-cert.")
  Path clientKey;

  @Option(names = "--ca-cert", paramLabel = "FILE",
      description = "PEM CA certificate to trust servers by instead of the system's (a test CA).")
  Path caCert;

  @Option(names = "--dpop",
      description = "Bind tokens to a DPoP key (RFC 9449); the key is kept with the token.")
  boolean dpop;

  @Option(names = "--par",
      description = "Push authorization requests (RFC 9126) even where the server does not"
          + " require it.")
  boolean par;

  /** The client authentication asked for, or null for auto. */
  ClientAuthentication clientAuthentication() {
    switch (clientAuth.toLowerCase(Locale.ROOT)) {
      case "auto":
        return null;
      case "basic":
        return ClientAuthentication.BASIC;
      case "post":
        return ClientAuthentication.PARAMETERS;
      case "none":
        return ClientAuthentication.NONE;
      case "private-key-jwt":
        return ClientAuthentication.PRIVATE_KEY_JWT;
      case "client-secret-jwt":
        return ClientAuthentication.CLIENT_SECRET_JWT;
      case "tls":
        return ClientAuthentication.TLS_CLIENT_AUTH;
      default:
        throw new IllegalArgumentException("--client-auth must be one of " + CLIENT_AUTH + ": "
            + TerminalText.line(clientAuth));
    }
  }

  /** True when the choice is the user's, so nothing is learned or remembered for it. */
  boolean explicit() {
    return clientAuthentication() != null || privateKey != null;
  }

  /** Checks the options against each other before anything is sent. */
  void check() {
    ClientAuthentication auth = clientAuthentication();
    if (auth == ClientAuthentication.PRIVATE_KEY_JWT && privateKey == null) {
      throw new IllegalArgumentException("--client-auth=private-key-jwt needs --private-key=FILE");
    }
    if (keyId != null && privateKey == null) {
      throw new IllegalArgumentException("--key-id names the key of --private-key; pass both");
    }
    if (auth == ClientAuthentication.TLS_CLIENT_AUTH && clientCert == null) {
      throw new IllegalArgumentException("--client-auth=tls needs --client-cert=FILE and"
          + " --client-key=FILE");
    }
    if ((clientCert == null) != (clientKey == null)) {
      throw new IllegalArgumentException("--client-cert and --client-key go together; pass both");
    }
  }

  /** Sets up TLS on {@code http}: the client certificate and the CA to trust, if given. */
  OkHttpClient http(OkHttpClient http) throws IOException {
    if (clientCert == null && caCert == null) {
      return http;
    }
    try {
      return MutualTls.configure(http.newBuilder(), read(clientCert, "--client-cert"),
          read(clientKey, "--client-key"), read(caCert, "--ca-cert")).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((clientCert != null ? "--client-cert/--client-key: "
          : "--ca-cert: ") + e.getMessage(), e);
    }
  }

  /** Applies an explicit client authentication to the provider's dialect. */
  Provider provider(Provider provider) {
    ClientAuthentication auth = clientAuthentication();
    if (auth == null) {
      return provider;
    }
    return provider.newBuilder()
        .dialect(provider.dialect().newBuilder().clientAuthentication(auth).build())
        .build();
  }

  /** Adds the key and DPoP to the client. */
  void client(OAuth2Client.Builder client) throws IOException {
    if (privateKey != null) {
      try {
        client.clientKey(SigningKey.fromPem(read(privateKey, "--private-key")).withKeyId(keyId));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--private-key " + TerminalText.line(
            privateKey.toString()) + ": " + e.getMessage(), e);
      }
    }
    if (dpop) {
      client.dpop();
    }
  }

  /** Starts an authorization request: pushed with {@code --par} (or when the server requires). */
  static AuthorizationRequest start(AuthorizationRequest.Builder request, boolean par)
      throws IOException {
    return par ? request.push() : request.build();
  }

  private static String read(Path file, String flag) throws IOException {
    if (file == null) {
      return null;
    }
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(flag + ": no such file: "
          + TerminalText.line(file.toString()), e);
    }
  }
}
