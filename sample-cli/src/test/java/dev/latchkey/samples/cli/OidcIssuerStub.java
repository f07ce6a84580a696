package dev.latchkey.samples.cli;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenID provider with the device flow and token exchange, for the CLI's tests until the
 * bundled mock server offers them: RFC 8414 metadata, a device endpoint, a token endpoint that
 * approves a device code at the first poll and exchanges tokens, a JWKS, userinfo. ID tokens are
 * signed with nimbus-jose-jwt, by a key in the JWKS unless {@link #signWithUnpublishedKey}.
 */
final class OidcIssuerStub implements AutoCloseable {
  static final String CLIENT_ID = "cli-app";
  private final HttpServer server;
  private final RSAKey key;
  private final RSAKey unpublished;
  /** Form bodies the token endpoint received. */
  final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
  volatile boolean signWithUnpublishedKey;
  volatile boolean approve = true;

  OidcIssuerStub() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    unpublished = new RSAKeyGenerator(2048).keyID("k1").generate();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/.well-known/oauth-authorization-server", e -> send(e, 200,
        "{\"issuer\":\"" + issuer() + "\",\"authorization_endpoint\":\"" + issuer()
            + "/authorize\",\"token_endpoint\":\"" + issuer() + "/token\","
            + "\"userinfo_endpoint\":\"" + issuer() + "/userinfo\","
            + "\"device_authorization_endpoint\":\"" + issuer() + "/device\","
            + "\"jwks_uri\":\"" + issuer() + "/jwks\","
            + "\"end_session_endpoint\":\"" + issuer() + "/logout\"}"));
    server.createContext("/device", e -> send(e, 200, "{\"device_code\":\"dc-1\","
        + "\"user_code\":\"WDJB-MJHT\",\"verification_uri\":\"" + issuer() + "/activate\","
        + "\"verification_uri_complete\":\"" + issuer() + "/activate?user_code=WDJB-MJHT\","
        + "\"expires_in\":600,\"interval\":1}"));
    server.createContext("/jwks", e -> send(e, 200, new JWKSet(key.toPublicJWK()).toString()));
    server.createContext("/userinfo", e -> send(e, 200, "{\"sub\":\"alice\",\"name\":\"Alice\"}"));
    server.createContext("/token", this::token);
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
        StandardCharsets.UTF_8));
    tokenRequests.add(form);
    String grant = form.get("grant_type");
    if ("urn:ietf:params:oauth:grant-type:device_code".equals(grant)) {
      if (!approve) {
        send(exchange, 400, "{\"error\":\"authorization_pending\"}");
        return;
      }
      send(exchange, 200, "{\"access_token\":\"user-at\",\"token_type\":\"Bearer\","
          + "\"expires_in\":3600,\"scope\":\"openid profile\",\"id_token\":\"" + idToken() + "\"}");
    } else if ("urn:ietf:params:oauth:grant-type:token-exchange".equals(grant)) {
      send(exchange, 200, "{\"access_token\":\"orders-at\",\"token_type\":\"Bearer\","
          + "\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
          + "\"expires_in\":300,\"scope\":\"orders:read\"}");
    } else {
      send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
    }
  }

  private String idToken() {
    try {
      Instant now = Instant.now();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
          new JWTClaimsSet.Builder().issuer(issuer()).subject("alice").audience(CLIENT_ID)
              .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
              .claim("email", "alice@example.com").build());
      jwt.sign(new RSASSASigner(signWithUnpublishedKey ? unpublished : key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
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
