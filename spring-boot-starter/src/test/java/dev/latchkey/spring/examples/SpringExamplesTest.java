package dev.latchkey.spring.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.spring.LatchkeyClients;
import dev.latchkey.spring.app.MockProviderTest;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.client.RestClient;

/** Runs the examples docs/spring-boot.md shows, in the Boot test app, against the mock server. */
final class SpringExamplesTest extends MockProviderTest {
  @Autowired Organizations organizations;
  @Autowired Logins logins;
  @Autowired LatchkeyClients clients;
  @Autowired @Qualifier("orgs") OAuth2Client orgs;
  @Autowired @Qualifier("ora") RestClient ora;

  @Test
  void serviceCallsTheApiWithTheApplicationToken() {
    String body = organizations.organization(organizationApi());
    assertTrue(body.contains(demo.clientId()), body);
  }

  @Test
  void serviceCallsTheApiWithAUsersToken() throws IOException {
    clients.userSession("orgs", "bob").save(orgs.clientCredentials());
    String body = organizations.organizationAs("bob", organizationApi());
    assertTrue(body.contains(demo.clientId()), body);
  }

  @Test
  void loginCallbackKeepsTheUsersToken() throws IOException {
    AuthorizationRequest request = logins.startLogin();
    String callback;
    OkHttpClient browser = new OkHttpClient.Builder().followRedirects(false).build();
    try (Response response = browser.newCall(new Request.Builder().url(request.url()).build())
        .execute()) {
      assertEquals(302, response.code());
      callback = response.header("Location");
    }
    assertTrue(callback.startsWith(REDIRECT_URI), callback);

    logins.completeLogin("carol", request, callback);

    String projects = ora.get().uri(MOCK.baseUrl("ora").toString() + "v1/projects")
        .attribute(LatchkeyClients.USER_KEY_ATTRIBUTE, "carol")
        .retrieve().body(String.class);
    assertTrue(projects.contains("["), projects);
  }
}
