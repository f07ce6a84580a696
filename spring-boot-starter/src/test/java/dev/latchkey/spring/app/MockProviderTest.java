package dev.latchkey.spring.app;

import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@link TestApp} with clients {@code orgs} (client credentials) and {@code ora} (logins)
 * configured against the bundled mock server. Test
 * classes that extend it share one application context, and so one mock server, which stops
 * when the test JVM does.
 */
@SpringBootTest(classes = TestApp.class, properties = {
    "management.endpoint.health.show-details=always",
    "spring.main.banner-mode=off"})
public abstract class MockProviderTest {
  /** The mock authorization and resource server, on the app's clock. */
  protected static final MockAuthServer MOCK = MockAuthServer.builder().clock(TestApp.CLOCK)
      .tokenLifetime(Duration.ofMinutes(10)).consent(ConsentMode.AUTO_APPROVE).build();
  /** Where client {@code ora}'s logins return; the tests play the browser, so nothing listens. */
  protected static final String REDIRECT_URI = "http://127.0.0.1:8080/login/callback";
  /** The mock's demo client of provider {@code orgapi}. */
  protected static DemoClient demo;

  @DynamicPropertySource
  static void latchkey(DynamicPropertyRegistry registry) throws IOException {
    if (demo == null) {
      MOCK.start();
      Runtime.getRuntime().addShutdownHook(new Thread(MOCK::close));
      demo = MOCK.demoClient("orgapi");
    }
    registry.add("latchkey.clients.orgs.provider", () -> "orgapi-basic");
    registry.add("latchkey.clients.orgs.base-url", () -> MOCK.baseUrl("orgapi").toString());
    registry.add("latchkey.clients.orgs.client-id", demo::clientId);
    registry.add("latchkey.clients.orgs.client-secret", demo::clientSecret);
    registry.add("latchkey.clients.orgs.max-retries", () -> "0");
    DemoClient ora = MOCK.demoClient("ora");
    registry.add("latchkey.clients.ora.provider", () -> "ora");
    registry.add("latchkey.clients.ora.base-url", () -> MOCK.baseUrl("ora").toString());
    registry.add("latchkey.clients.ora.client-id", ora::clientId);
    registry.add("latchkey.clients.ora.client-secret", ora::clientSecret);
    registry.add("latchkey.clients.ora.redirect-uri", () -> REDIRECT_URI);
  }

  /** Returns the URL of the mock's organization API, which takes the {@code orgs} token. */
  protected static String organizationApi() {
    return MOCK.baseUrl("orgapi").toString() + "api/organization";
  }
}
