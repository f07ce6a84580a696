package dev.latchkey.spring.examples;

import dev.latchkey.spring.LatchkeyClients;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

// snippet:spring-rest-client
@Service
public class Organizations {
  private final RestClient orgs;

  public Organizations(@Qualifier("orgs") RestClient orgs) {
    this.orgs = orgs;
  }

  /** With the application's token; a 401 renews it and retries once. */
  public String organization(String url) {
    return orgs.get().uri(url).retrieve().body(String.class);
  }

  /** With a signed-in user's token: the key their session was saved under. */
  public String organizationAs(String userKey, String url) {
    return orgs.get().uri(url)
        .attribute(LatchkeyClients.USER_KEY_ATTRIBUTE, userKey)
        .retrieve().body(String.class);
  }
}
// end-snippet
