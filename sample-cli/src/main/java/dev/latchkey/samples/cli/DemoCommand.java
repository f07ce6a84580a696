package dev.latchkey.samples.cli;

import dev.latchkey.AuthorizationDeniedException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.ManualClock;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: every flow of every provider against the embedded mock server. The server and
 * the SDK share a manual clock, so "an hour later" takes no time and expiry happens on screen.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
    description = "Run every flow for every provider against the embedded mock server and print"
        + " one row per flow. Exits non-zero if any flow failed.")
final class DemoCommand implements Callable<Integer> {
  private static final String ROW = "%-13s %-44s %6s  %s%n";
  private static final Duration LIFETIME = Duration.ofSeconds(60);
  private static final Duration PAST_EXPIRY = LIFETIME.plusSeconds(1);

  @Spec
  CommandSpec spec;

  @Mixin
  Verbosity verbosity;

  private final OkHttpClient http = new OkHttpClient();
  private ManualClock clock;
  private MockAuthServer mock;

  /** One demo flow; returns what it showed, throws if it failed. */
  private interface Flow {
    String run() throws Exception;
  }

  @Override
  public Integer call() throws Exception {
    verbosity.apply();
    PrintWriter out = spec.commandLine().getOut();
    clock = new ManualClock();
    DemoCertificates certificates = new DemoCertificates();
    mock = MockAuthServer.builder()
        .consent(ConsentMode.AUTO_APPROVE)
        .clock(clock)
        .tokenLifetime(LIFETIME)
        .mutualTls(certificates.serverKeyStore(), DemoCertificates.PASSWORD)
        .build();
    DemoCapabilities capabilities = new DemoCapabilities(mock, clock, http, certificates);
    int failed = 0;
    try {
      mock.start();
      out.println("Mock server on " + mock.url() + " (tokens live " + LIFETIME.getSeconds()
          + " s; the demo moves the clock)");
      out.println();
      out.printf(ROW, "PROVIDER", "FLOW", "TOKEN", "RESULT");
      out.printf(ROW, "", "", "CALLS", "");
      failed += row(out, "ora", "code flow (JSON body), refresh after expiry", this::ora);
      failed += row(out, "orangelogic", "code flow, refresh token sent as code", this::orangeLogic);
      failed += row(out, "orgapi", "client_credentials (HTTP Basic), refresh",
          () -> organizationApi(ProviderKind.ORGAPI_BASIC));
      failed += row(out, "orgapi", "client_credentials (query params), refresh",
          () -> organizationApi(ProviderKind.ORGAPI_QUERY));
      failed += row(out, "orgo", "code flow with scopes, userinfo", this::orgo);
      failed += row(out, "onna", "client_credentials, expiry, 401, re-acquire", this::onna);
      failed += row(out, "ora", "401 on a revoked token: renew, retry once", this::unauthorizedRetry);
      failed += row(out, "orgo", "consent denied", this::denied);
      failed += row(out, "standard", "DPoP: use_dpop_nonce, bound token, refresh",
          () -> capabilities.dpop(PAST_EXPIRY));
      failed += row(out, "standard", "private_key_jwt + PAR, code flow",
          capabilities::privateKeyJwtWithPar);
      failed += row(out, "standard", "device flow, approved by the user",
          capabilities::deviceFlow);
      failed += row(out, "standard", "token exchange for another audience",
          capabilities::tokenExchange);
      failed += row(out, "standard", "OpenID sign-in, ID token validated",
          capabilities::openIdSignIn);
      failed += row(out, "standard", "mutual TLS, certificate-bound token",
          capabilities::mutualTls);
    } finally {
      mock.close();
    }
    out.println();
    out.println(failed == 0 ? "All flows passed." : failed + " flow(s) failed.");
    return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private int row(PrintWriter out, String provider, String flow, Flow body) {
    int before = mock.tokenRequests(provider);
    String result;
    int failed = 0;
    try {
      result = "ok: " + body.run();
    } catch (Exception e) {
      result = "FAILED: " + e.getMessage();
      failed = 1;
    }
    out.printf(ROW, provider, flow, mock.tokenRequests(provider) - before, result);
    out.flush();
    return failed;
  }

  private OAuth2Client client(ProviderKind kind, String... scopes) {
    DemoClient demo = mock.demoClient(kind.mockPrefix);
    Provider provider = kind.provider(mock.baseUrl(kind.mockPrefix).toString());
    return OAuth2Client.builder()
        .provider(provider)
        .clientId(demo.clientId())
        .clientSecret(demo.clientSecret())
        .redirectUri(HeadlessLogin.REDIRECT_URI)
        .scopes(scopes)
        .clock(clock)
        .httpClient(http)
        .build();
  }

  private TokenSession signIn(OAuth2Client client) throws IOException {
    TokenSession session = client.session("demo-user");
    session.save(HeadlessLogin.login(client, false));
    return session;
  }

  private String get(TokenSession session, String url) throws IOException {
    return send(session, new Request.Builder().url(url).build());
  }

  private String send(TokenSession session, Request request) throws IOException {
    return call(session.authorize(http), request);
  }

  /** Sends {@code request} through {@code api} and returns the body; throws unless 2xx. */
  static String call(OkHttpClient api, Request request) throws IOException {
    try (Response response = api.newCall(request).execute()) {
      String body = response.body().string();
      if (!response.isSuccessful()) {
        throw new IOException(request.method() + " " + request.url().encodedPath()
            + " answered HTTP " + response.code());
      }
      return body;
    }
  }

  private String ora() throws Exception {
    try (OAuth2Client client = client(ProviderKind.ORA)) {
      TokenSession session = signIn(client);
      String projects = mock.baseUrl("ora") + "v1/projects";
      get(session, projects);
      clock.advance(PAST_EXPIRY);
      get(session, projects);
      return "projects listed before and after a refresh";
    }
  }

  private String orangeLogic() throws Exception {
    try (OAuth2Client client = client(ProviderKind.ORANGELOGIC)) {
      TokenSession session = signIn(client);
      String me = mock.baseUrl("orangelogic") + "api/me";
      get(session, me);
      clock.advance(Duration.ofHours(25)); // Access tokens live 24 h at Orange Logic.
      get(session, me);
      return "api/me before and after a refresh";
    }
  }

  private String organizationApi(ProviderKind kind) throws Exception {
    try (OAuth2Client client = client(kind)) {
      TokenSession app = client.clientCredentialsSession();
      String organization = mock.baseUrl("orgapi") + "api/organization";
      get(app, organization);
      clock.advance(PAST_EXPIRY);
      get(app, organization);
      return "api/organization; token refreshed after expiry";
    }
  }

  private String orgo() throws Exception {
    try (OAuth2Client client = client(ProviderKind.ORGO, "profile", "email", "groups", "roles")) {
      Map<String, Object> user = signIn(client).userInfo();
      return "userinfo for " + user.get("name") + " <" + user.get("email") + ">";
    }
  }

  private String onna() throws Exception {
    try (OAuth2Client client = client(ProviderKind.ONNA)) {
      TokenSession app = client.clientCredentialsSession();
      String workspaces = mock.baseUrl("onna") + "v1/workspaces";
      Request list = new Request.Builder().url(workspaces)
          .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
      send(app, list);
      clock.advance(Duration.ofSeconds(3600)); // Onna tokens live 3599 s and cannot be refreshed.
      send(app, list);
      mock.expireAllTokens(); // The server forgets the token early: a bare 401.
      send(app, list);
      return "workspaces; new token after expiry and after a 401";
    }
  }

  private String unauthorizedRetry() throws Exception {
    try (OAuth2Client client = client(ProviderKind.ORA)) {
      TokenSession session = signIn(client);
      mock.revoke(session.accessToken());
      get(session, mock.baseUrl("ora") + "v1/projects");
      return "401, one refresh, the retry succeeded";
    }
  }

  private String denied() throws Exception {
    mock.consent(ConsentMode.AUTO_DENY);
    try (OAuth2Client client = client(ProviderKind.ORGO, "profile")) {
      HeadlessLogin.login(client, false);
      throw new IllegalStateException("the login succeeded although consent was denied");
    } catch (AuthorizationDeniedException expected) {
      return "AuthorizationDeniedException(" + expected.error() + ") as expected";
    } finally {
      mock.consent(ConsentMode.AUTO_APPROVE);
    }
  }
}
