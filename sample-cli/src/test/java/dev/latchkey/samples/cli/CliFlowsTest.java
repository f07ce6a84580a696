package dev.latchkey.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's CLI contract: {@code login --device}, {@code exchange}, and {@code whoami} with a
 * validated ID token, against an OpenID provider stub; {@code demo} runs the same flows against
 * the bundled mock server (CliTest).
 */
final class CliFlowsTest {
  @TempDir
  Path temp;

  private OidcIssuerStub issuer;

  @BeforeEach
  void setUp() throws Exception {
    issuer = new OidcIssuerStub();
  }

  @AfterEach
  void tearDown() {
    issuer.close();
  }

  private String[] with(String... rest) {
    List<String> args = new ArrayList<>(Arrays.asList(rest));
    args.addAll(Arrays.asList("--issuer", issuer.issuer(), "--client-id",
        OidcIssuerStub.CLIENT_ID, "--store", temp.resolve("tokens.json").toString()));
    return args.toArray(new String[0]);
  }

  @Test
  void loginDevicePrintsTheUrlAndUserCodeThenStoresTheValidatedLogin() {
    Run login = Run.of(with("login", "--device", "--scope", "openid profile"));

    assertEquals(0, login.exitCode, login.toString());
    List<String> lines = login.out.lines().toList();
    assertEquals(issuer.issuer() + "/activate?user_code=WDJB-MJHT", lines.get(0));
    assertEquals("User code: WDJB-MJHT", lines.get(1));
    assertTrue(login.out.contains("Signed in to standard."), login.out);
    Map<String, String> poll = issuer.tokenRequests.get(0);
    assertEquals("dc-1", poll.get("device_code"));
    assertEquals(OidcIssuerStub.CLIENT_ID, poll.get("client_id"));

    Run whoami = Run.of(with("whoami"));
    assertEquals(0, whoami.exitCode, whoami.toString());
    assertTrue(whoami.out.startsWith("ID token (validated):\n"), whoami.out);
    assertTrue(whoami.out.lines().anyMatch(l -> l.matches("email: +alice@example.com")),
        whoami.out);
    assertTrue(whoami.out.contains("userinfo:\n"), whoami.out);
    assertTrue(whoami.out.lines().anyMatch(l -> l.matches("name: +Alice")), whoami.out);
  }

  @Test
  void aLoginWhoseIdTokenFailsValidationExitsThreeWithTheReason() {
    issuer.signWithUnpublishedKey = true;
    Run login = Run.of(with("login", "--device", "--scope", "openid"));

    assertEquals(3, login.exitCode, login.toString());
    assertTrue(login.err.contains("latchkey-cli: The ID token from standard at " + issuer.issuer()
        + "/token was refused: its signature does not verify with the issuer's key."),
        login.err);
    assertEquals(6, Run.of(with("whoami")).exitCode); // Nothing was stored.
  }

  @Test
  void deviceLoginGivesUpAfterTheTimeout() {
    issuer.approve = false;
    Run login = Run.of(with("login", "--device", "--timeout", "1"));
    assertEquals(5, login.exitCode, login.toString());
    TroubleshootingPage.assertQuotes(login.err, "Nobody approved the device login");
  }

  @Test
  void exchangeTradesTheStoredLoginsTokenAndPrintsASummary() {
    assertEquals(0, Run.of(with("login", "--device", "--scope", "openid")).exitCode);

    Run exchange = Run.of(with("exchange", "--audience=orders-api",
        "--resource=https://orders.example.com/", "--scope=orders:read"));

    assertEquals(0, exchange.exitCode, exchange.toString());
    assertTrue(exchange.out.contains("scopes:        orders:read"), exchange.out);
    assertTrue(exchange.out.contains(
        "issued type:   urn:ietf:params:oauth:token-type:access_token"), exchange.out);
    assertFalse(exchange.out.contains("orders-at"), exchange.out);
    Map<String, String> sent = issuer.tokenRequests.get(issuer.tokenRequests.size() - 1);
    assertEquals("user-at", sent.get("subject_token"));
    assertEquals("orders-api", sent.get("audience"));
    assertEquals("https://orders.example.com/", sent.get("resource"));
    assertEquals("orders:read", sent.get("scope"));

    Run raw = Run.of(with("exchange", "--audience=orders-api", "--print-access-token"));
    assertEquals("orders-at\n", raw.out);
  }
}
