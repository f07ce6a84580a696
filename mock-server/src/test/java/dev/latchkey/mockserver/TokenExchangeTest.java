package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Token exchange (RFC 8693) with a per-client audience policy. */
class TokenExchangeTest {
  static final ManualClock clock = new ManualClock(TestRequests.START);
  @RegisterExtension static MockAuthServerExtension mock =
      new MockAuthServerExtension(MockAuthServer.builder().clock(clock));
  static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String AT = "urn:ietf:params:oauth:token-type:access_token";
  static final String CLIENT = "standard-demo-client";
  static final String SECRET = "standard-demo-secret";

  @AfterEach void reset() {
    mock.server().reset();
  }

  HttpUrl url(String path) {
    return Http.url(mock.server().baseUrl(MockProvider.STANDARD)).resolve(path);
  }

  String userToken() {
    String code = Http.authorize(mock.server(), "standard", "authorize", CLIENT,
        "http://127.0.0.1:9000/cb", "scope", "read write");
    return Http.formBasic(url("token"), CLIENT, SECRET, "grant_type", "authorization_code",
        "code", code, "redirect_uri", "http://127.0.0.1:9000/cb").string("access_token");
  }

  Http.Result exchange(String... pairs) {
    String[] all = new String[2 + pairs.length];
    all[0] = "grant_type";
    all[1] = GRANT;
    System.arraycopy(pairs, 0, all, 2, pairs.length);
    return Http.formBasic(url("token"), CLIENT, SECRET, all);
  }

  @Test void aUsersTokenIsExchangedForANarrowerOneForTheSameUser() {
    String subject = userToken();
    Http.Result r = exchange("subject_token", subject, "subject_token_type", AT,
        "audience", "https://api.example", "scope", "read");
    assertEquals(200, r.code, r.body);
    assertEquals(AT, r.string("issued_token_type"));
    assertEquals("Bearer", r.string("token_type"));
    assertEquals("read", r.string("scope"));
    assertFalse(r.json().containsKey("refresh_token"));
    String exchanged = r.string("access_token");
    assertEquals("demo-user-1", Http.get(url("userinfo"), "Bearer " + exchanged).string("sub"));
  }

  @Test void thePolicyLimitsAudiencesAndResources() {
    mock.server().client(MockProvider.STANDARD, CLIENT)
        .tokenExchangeAudiences(List.of("https://api.example"));
    String subject = userToken();
    assertEquals(200, exchange("subject_token", subject, "subject_token_type", AT,
        "audience", "https://api.example").code);
    assertError(exchange("subject_token", subject, "subject_token_type", AT,
        "resource", "https://other.example/v1"), 400, "invalid_target", "client " + CLIENT
        + " may not exchange tokens for https://other.example/v1; allowed: https://api.example");
    assertError(exchange("subject_token", subject, "subject_token_type", AT,
        "resource", "relative/path"), 400, "invalid_target", "resource must be an absolute URI "
        + "without a fragment (RFC 8693 §2.1); got relative/path");
  }

  @Test void theSubjectAndActorMustBeLiveTokensOfTheirType() {
    String subject = userToken();
    assertError(exchange("subject_token_type", AT), 400, "invalid_request",
        "subject_token is missing (RFC 8693 §2.1)");
    assertError(exchange("subject_token", subject), 400, "invalid_request",
        "subject_token_type is missing; send " + AT + " or "
        + "urn:ietf:params:oauth:token-type:refresh_token");
    assertError(exchange("subject_token", subject, "subject_token_type",
        "urn:ietf:params:oauth:token-type:jwt"), 400, "invalid_request", "subject_token_type "
        + "urn:ietf:params:oauth:token-type:jwt is not supported; send " + AT + " or "
        + "urn:ietf:params:oauth:token-type:refresh_token");
    assertError(exchange("subject_token", "nope", "subject_token_type", AT), 400,
        "invalid_grant", "the subject_token is unknown (or not a access token of Standard "
        + "(RFC 6749))");
    assertError(exchange("subject_token", subject, "subject_token_type", AT,
        "actor_token", "nope", "actor_token_type", AT), 400, "invalid_grant",
        "the actor_token is unknown (or not a access token of Standard (RFC 6749))");
    assertError(exchange("subject_token", subject, "subject_token_type", AT,
        "scope", "read email"), 400, "invalid_scope", "scope \"email\" is not in the "
        + "subject_token's scope; an exchange may only narrow it");
    assertError(exchange("subject_token", subject, "subject_token_type", AT,
        "requested_token_type", "urn:ietf:params:oauth:token-type:id_token"), 400,
        "invalid_request", "requested_token_type urn:ietf:params:oauth:token-type:id_token "
        + "cannot be issued; only " + AT);
    clock.advance(Duration.ofHours(1));
    assertError(exchange("subject_token", subject, "subject_token_type", AT), 400,
        "invalid_grant", "the subject_token expired");
  }

  @Test void anActorTokenIsAccepted() {
    String subject = userToken();
    String actor = Http.formBasic(url("token"), CLIENT, SECRET, "grant_type",
        "client_credentials").string("access_token");
    assertEquals(200, exchange("subject_token", subject, "subject_token_type", AT,
        "actor_token", actor, "actor_token_type", AT).code);
  }

  @Test void aPublicClientCannotExchange() {
    assertError(Http.form(url("token"), "grant_type", GRANT, "client_id",
        "standard-public-client", "subject_token", "x", "subject_token_type", AT), 400,
        "unauthorized_client", "public client standard-public-client cannot exchange tokens; "
        + "token exchange needs client authentication");
  }

  @Test void severalAudiencesAndResourcesAreEachCheckedAgainstThePolicy() {
    mock.server().client(MockProvider.STANDARD, CLIENT).tokenExchangeAudiences(List.of(
        "https://a.example", "https://b.example", "https://r.example/v1"));
    String subject = userToken();
    assertEquals(200, exchange("subject_token", subject, "subject_token_type", AT,
        "audience", "https://a.example", "audience", "https://b.example",
        "resource", "https://r.example/v1").code);
    assertError(exchange("subject_token", subject, "subject_token_type", AT,
        "audience", "https://a.example", "audience", "https://c.example"), 400, "invalid_target",
        "client " + CLIENT + " may not exchange tokens for https://c.example; allowed: "
        + "https://a.example https://b.example https://r.example/v1");
    assertError(exchange("subject_token", subject, "subject_token_type", AT,
        "resource", "https://r.example/v1", "resource", "https://x.example/v2"), 400,
        "invalid_target", "client " + CLIENT + " may not exchange tokens for "
        + "https://x.example/v2; allowed: https://a.example https://b.example "
        + "https://r.example/v1");
    assertError(exchange("subject_token", subject, "subject_token_type", AT,
        "resource", "https://r.example/v1", "resource", "relative"), 400, "invalid_target",
        "resource must be an absolute URI without a fragment (RFC 8693 §2.1); got relative");
  }

  @Test void onlyAudienceAndResourceMayRepeatAndOnlyInAnExchange() {
    String subject = userToken();
    assertError(exchange("subject_token", subject, "subject_token_type", AT,
        "scope", "read", "scope", "write"), 400, "invalid_request", "parameter scope appears "
        + "more than once in the form body; send each parameter once (RFC 6749 §3.1)");
    assertError(Http.formBasic(url("token"), CLIENT, SECRET, "grant_type",
        "client_credentials", "audience", "https://a.example", "audience", "https://b.example"),
        400, "invalid_request", "parameter audience appears more than once in the form body; "
        + "send each parameter once (RFC 6749 §3.1)");
  }

  @Test void anExchangedTokenExpiresNoLaterThanItsSubject() {
    String subject = userToken();
    mock.server().settings(MockProvider.STANDARD).accessTokenLifetime(Duration.ofHours(2));
    Http.Result fresh = exchange("subject_token", subject, "subject_token_type", AT);
    assertEquals(200, fresh.code, fresh.body);
    assertEquals(3600.0, fresh.json().get("expires_in"));
    clock.advance(Duration.ofMinutes(50));
    Http.Result late = exchange("subject_token", subject, "subject_token_type", AT);
    assertEquals(600.0, late.json().get("expires_in"));
    String exchanged = late.string("access_token");
    clock.advance(Duration.ofSeconds(599));
    assertEquals(200, Http.get(url("userinfo"), "Bearer " + exchanged).code);
    clock.advance(Duration.ofSeconds(1));
    assertEquals(401, Http.get(url("userinfo"), "Bearer " + exchanged).code);
  }

  @Test void anExchangedTokenKeepsItsOwnLifetimeWhenShorterThanTheSubjects() {
    String subject = userToken();
    mock.server().settings(MockProvider.STANDARD).accessTokenLifetime(Duration.ofMinutes(5));
    Http.Result r = exchange("subject_token", subject, "subject_token_type", AT);
    assertEquals(300.0, r.json().get("expires_in"));
  }
}
