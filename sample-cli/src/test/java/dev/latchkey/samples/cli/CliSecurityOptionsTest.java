package dev.latchkey.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options of issue 16 (names are a contract): on every provider command, and on the wire.
 * The sdk's own tests verify the signatures; these check the CLI wires each option through.
 */
final class CliSecurityOptionsTest {
  private static final List<String> FLAGS = Arrays.asList("--client-auth", "--private-key",
      "--key-id", "--client-cert", "--client-key", "--ca-cert", "--dpop", "--par");

  @TempDir
  Path temp;

  private String[] args(RecordingServer server, String command, String... rest) {
    List<String> args = new ArrayList<>(Arrays.asList(command, "--provider", "standard",
        "--token-url", server.url("/token"), "--client-id", "app-1",
        "--store", temp.resolve("tokens.json").toString()));
    args.addAll(Arrays.asList(rest));
    return args.toArray(new String[0]);
  }

  private Path ecKeyFile() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    Path file = temp.resolve("key.pem");
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    return file;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return form;
  }

  private static String joseHeader(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
  }

  @Test
  void everyProviderCommandHasTheOptionsButDemoAndProvidersDoNot() {
    for (String command : new String[] {"login", "logout", "token", "call", "whoami"}) {
      Run help = Run.of(command, "--help");
      for (String flag : FLAGS) {
        assertTrue(help.out.contains(flag), command + " lacks " + flag + ":\n" + help.out);
      }
    }
    for (String command : new String[] {"demo", "providers"}) {
      Run help = Run.of(command, "--help");
      assertFalse(help.out.contains("--client-auth"), command + ":\n" + help.out);
    }
  }

  @Test
  void privateKeySendsASignedAssertionWithTheKeyId() throws Exception {
    try (RecordingServer server = new RecordingServer("Bearer")) {
      Run run = Run.of(args(server, "token", "--private-key", ecKeyFile().toString(),
          "--key-id", "k1"));
      assertEquals(0, run.exitCode, run.err);
      RecordingServer.Recorded request = server.requests.get(0);
      assertNull(request.header("Authorization"));
      Map<String, String> form = form(request.body);
      assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          form.get("client_assertion_type"));
      assertEquals("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"k1\"}",
          joseHeader(form.get("client_assertion")));
    }
  }

  @Test
  void clientSecretJwtSignsWithTheSecretAndNeverSendsIt() throws Exception {
    try (RecordingServer server = new RecordingServer("Bearer")) {
      Run run = Run.of(args(server, "token", "--client-auth=client-secret-jwt",
          "--client-secret", "a-client-secret-of-at-least-thirty-two-bytes"));
      assertEquals(0, run.exitCode, run.err);
      RecordingServer.Recorded request = server.requests.get(0);
      assertFalse(request.body.contains("a-client-secret"));
      assertTrue(joseHeader(form(request.body).get("client_assertion")).contains("HS256"));
    }
  }

  @Test
  void dpopBindsTheTokenAndTheStoredKeySignsTheNextCommandsProofs() throws Exception {
    try (RecordingServer server = new RecordingServer("DPoP")) {
      Run token = Run.of(args(server, "token", "--dpop", "--client-secret", "s"));
      assertEquals(0, token.exitCode, token.err);
      assertTrue(token.out.contains("token type:    DPoP"), token.out);
      String tokenProof = server.requests.get(0).header("DPoP");
      assertNotNull(tokenProof, "the token request carries a proof");

      Run call = Run.of(args(server, "call", "GET", server.url("/api"), "--client-secret", "s"));
      assertEquals(0, call.exitCode, call.err);
      RecordingServer.Recorded api = server.requests.get(server.requests.size() - 1);
      assertEquals("/api", api.path);
      assertTrue(api.header("Authorization").startsWith("DPoP at-"), api.header("Authorization"));
      String header = joseHeader(api.header("DPoP"));
      assertEquals(joseHeader(tokenProof), header, "the key kept in the store signs the proof");
    }
  }

  @Test
  void badOptionsAreClearUsageErrors() throws Exception {
    try (RecordingServer server = new RecordingServer("Bearer")) {
      Run bogus = Run.of(args(server, "token", "--client-auth=bogus"));
      assertEquals(ExitCodes.USAGE, bogus.exitCode);
      assertTrue(bogus.err.contains("--client-auth must be one of [auto, basic, post, none,"
          + " private-key-jwt, client-secret-jwt, tls]: bogus"), bogus.err);

      Run noKey = Run.of(args(server, "token", "--client-auth=private-key-jwt"));
      assertEquals(ExitCodes.USAGE, noKey.exitCode);
      assertTrue(noKey.err.contains("--client-auth=private-key-jwt needs --private-key=FILE"),
          noKey.err);

      Path encrypted = temp.resolve("encrypted.pem");
      Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n"
          + "-----END ENCRYPTED PRIVATE KEY-----\n");
      Run locked = Run.of(args(server, "token", "--private-key", encrypted.toString()));
      assertEquals(ExitCodes.USAGE, locked.exitCode);
      assertTrue(locked.err.contains("holds an encrypted private key"), locked.err);

      Run half = Run.of(args(server, "token", "--client-cert", encrypted.toString()));
      assertEquals(ExitCodes.USAGE, half.exitCode);
      assertTrue(half.err.contains("--client-cert and --client-key go together"), half.err);
      assertEquals(0, server.requests.size(), "nothing was sent");
    }
  }
}
