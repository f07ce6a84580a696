package dev.latchkey.samples.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.InvalidCallbackException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates escape every dynamic value; failures map to pages that reveal no internals. */
final class PagesTest {
  private static final String EVIL = "<script>alert('x')</script>&\"";
  private static final String ESCAPED =
      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;";

  @Test
  void escapeCoversMarkupQuotesAndAmpersands() {
    assertEquals(ESCAPED, Pages.escape(EVIL));
    assertEquals("null", Pages.escape(null));
  }

  @Test
  void profileEscapesEveryValueFromTheProvider() {
    Instant now = Instant.parse("2030-01-01T09:00:00Z");
    Pages.TokenView token = new Pages.TokenView(now, now.plusSeconds(20), now, true,
        TokenEvents.Stats.NONE);
    String html = Pages.profile(ProviderId.ORGO, new Pages.Profile(EVIL,
        Map.of(EVIL, EVIL), EVIL, List.of(EVIL)), token, EVIL);

    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("<dt>" + ESCAPED + "</dt><dd>" + ESCAPED + "</dd>"), html);
    assertTrue(html.contains("<li>" + ESCAPED + "</li>"), html);
    assertTrue(html.contains("name=\"csrf\" value=\"" + ESCAPED + "\""), html);
    assertTrue(html.contains("data-seconds=\"20\""), html);
  }

  @Test
  void errorPageEscapesItsMessage() {
    String html = Pages.error(EVIL, EVIL, "");
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("<h1>" + ESCAPED + "</h1>"), html);
  }

  @Test
  void unexpectedFailureGetsAGenericPageWithAnIncidentId() {
    ErrorPages.Page page = ErrorPages.page(new IllegalStateException("internal detail"),
        ProviderId.ORGO);
    assertEquals(500, page.status());
    assertEquals("Something went wrong", page.title());
    assertTrue(page.message().matches(".*incident [0-9a-f]{8}\\..*"), page.message());
    assertFalse(page.message().contains("internal detail"), page.message());
  }

  @Test
  void eachCallbackProblemHasItsOwnPage() {
    for (InvalidCallbackException.Reason reason : InvalidCallbackException.Reason.values()) {
      ErrorPages.Page page = ErrorPages.page(SdkFailures.invalidCallback(reason),
          ProviderId.ORA);
      assertEquals(400, page.status(), reason.name());
      assertTrue(page.message().contains("Ora"), page.message());
      assertEquals(ProviderId.ORA, page.retry(), "offers to try again");
    }
  }

  @Test
  void denialOtherThanAccessDeniedShowsTheProvidersError() {
    ErrorPages.Page page = ErrorPages.page(
        SdkFailures.denied("invalid_scope", "unknown scope \"admin\""), ProviderId.ORGO);
    assertEquals(400, page.status());
    assertEquals("Orgo did not sign you in: invalid_scope (unknown scope \"admin\")."
        + " Please try again.", page.message());
  }

  @Test
  void rejectedCodeSaysTheSignInIsNoLongerValid() {
    ErrorPages.Page page = ErrorPages.page(
        SdkFailures.tokenEndpoint(400, "{\"error\":\"invalid_grant\"}"), ProviderId.ORGO);
    assertEquals(502, page.status());
    assertTrue(page.message().startsWith("Orgo refused to issue a token (invalid_grant): the"
        + " sign-in or the token is no longer valid."), page.message());
  }
}
