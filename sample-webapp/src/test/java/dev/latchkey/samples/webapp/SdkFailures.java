package dev.latchkey.samples.webapp;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latchkey.AuthorizationDeniedException;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.InvalidCallbackException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenEndpointException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The SDK's failures as the SDK makes them (their constructors are not public): a client whose
 * token endpoint answers with a canned body, without a network, and callbacks that fail each
 * check.
 */
final class SdkFailures {
  private static final String REDIRECT = "https://app.example/callback/orgo";

  private SdkFailures() {
  }

  /** A callback failing {@code reason}'s check. */
  static InvalidCallbackException invalidCallback(InvalidCallbackException.Reason reason) {
    Instant start = Instant.parse("2030-01-01T00:00:00Z");
    boolean late = reason == InvalidCallbackException.Reason.EXPIRED;
    OAuth2Client client = client("{\"error\":\"invalid_grant\"}", 400,
        Clock.fixed(late ? start.plus(Duration.ofHours(1)) : start, ZoneOffset.UTC));
    AuthorizationRequest request = OAuth2Client.builder().provider(client.provider())
        .clientId(client.clientId()).redirectUri(REDIRECT)
        .clock(Clock.fixed(start, ZoneOffset.UTC)).build().newAuthorizationRequest().build();
    String state = request.url().queryParameter("state");
    String query;
    switch (reason) {
      case STATE_MISSING:
        query = "code=c";
        break;
      case STATE_MISMATCH:
        query = "code=c&state=forged";
        break;
      case STATE_REPLAYED:
        assertThrows(TokenEndpointException.class,
            () -> client.exchange(request, REDIRECT + "?code=c&state=" + state));
        query = "code=c&state=" + state;
        break;
      case ISSUER_MISMATCH:
        query = "code=c&state=" + state + "&iss=https%3A%2F%2Fevil.example";
        break;
      case CODE_MISSING:
      case EXPIRED:
        query = (reason == InvalidCallbackException.Reason.EXPIRED ? "code=c&" : "")
            + "state=" + state;
        break;
      default:
        query = "code=c&code=d&state=" + state;
    }
    return assertThrows(InvalidCallbackException.class,
        () -> client.exchange(request, REDIRECT + "?" + query));
  }

  /** A callback carrying {@code error=}. */
  static AuthorizationDeniedException denied(String error, String description) {
    OAuth2Client client = client("{}", 200, Clock.systemUTC());
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    String state = request.url().queryParameter("state");
    return assertThrows(AuthorizationDeniedException.class, () -> client.exchange(request,
        REDIRECT + "?state=" + state + "&error=" + error + "&error_description="
            + description.replace(" ", "+").replace("\"", "%22")));
  }

  /** A token endpoint answering {@code status} with the JSON {@code body}. */
  static TokenEndpointException tokenEndpoint(int status, String body) {
    OAuth2Client client = client(body, status, Clock.systemUTC());
    return assertThrows(TokenEndpointException.class, client::clientCredentials);
  }

  private static OAuth2Client client(String body, int status, Clock clock) {
    OkHttpClient canned = new OkHttpClient.Builder().addInterceptor(chain -> new Response.Builder()
        .request(chain.request()).protocol(Protocol.HTTP_1_1).code(status).message("canned")
        .body(ResponseBody.create(body, MediaType.get("application/json"))).build()).build();
    Provider orgo = Provider.orgo("http://127.0.0.1:9/").newBuilder()
        .issuer("http://127.0.0.1:9").build();
    return OAuth2Client.builder().provider(orgo).clientId("app").clientSecret("secret")
        .redirectUri(REDIRECT).httpClient(canned).clock(clock).maxRetries(0).build();
  }

}
