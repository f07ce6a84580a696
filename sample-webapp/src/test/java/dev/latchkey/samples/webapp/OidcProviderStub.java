package dev.latchkey.samples.webapp;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenID provider for the web sample's tests until the bundled mock server signs ID tokens:
 * metadata with a JWKS and an end-session endpoint, an authorize endpoint that approves at once
 * and remembers the nonce, a token endpoint that echoes it in an ID token signed with
 * nimbus-jose-jwt (or, when told, a wrong one), and userinfo.
 */
final class OidcProviderStub implements AutoCloseable {
  private final HttpServer server;
  private final RSAKey key;
  private final AtomicReference<String> nonce = new AtomicReference<>();
  volatile boolean wrongNonce;

  OidcProviderStub() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/.well-known/oauth-authorization-server", e -> send(e, 200,
        "{\"issuer\":\"" + issuer() + "\",\"authorization_endpoint\":\"" + issuer()
            + "/authorize\",\"token_endpoint\":\"" + issuer() + "/token\","
            + "\"userinfo_endpoint\":\"" + issuer() + "/userinfo\","
            + "\"jwks_uri\":\"" + issuer() + "/jwks\","
            + "\"end_session_endpoint\":\"" + issuer() + "/logout\"}"));
    server.createContext("/authorize", this::authorize);
    server.createContext("/token", e -> send(e, 200, "{\"access_token\":\"at-1\","
        + "\"token_type\":\"Bearer\",\"expires_in\":3600,\"id_token\":\"" + idToken() + "\"}"));
    server.createContext("/jwks", e -> send(e, 200, new JWKSet(key.toPublicJWK()).toString()));
    server.createContext("/userinfo", e -> send(e, 200,
        "{\"sub\":\"alice\",\"name\":\"Alice Example\"}"));
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      query.put(pair.substring(0, eq),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    nonce.set(query.get("nonce"));
    exchange.getResponseHeaders().set("Location", query.get("redirect_uri") + "?code=c1&state="
        + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private String idToken() {
    try {
      Instant now = Instant.now();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
          new JWTClaimsSet.Builder().issuer(issuer()).subject("alice").audience("web-client")
              .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
              .claim("nonce", wrongNonce ? "another-login" : nonce.get())
              .claim("email", "alice@example.com").build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
