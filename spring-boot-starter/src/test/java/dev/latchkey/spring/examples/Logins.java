package dev.latchkey.spring.examples;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.spring.LatchkeyClients;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** The parts of a login that touch Latchkey beans; the web layer around them is the app's. */
@Component
public class Logins {
  private final OAuth2Client ora;
  private final LatchkeyClients clients;

  public Logins(@Qualifier("ora") OAuth2Client ora, LatchkeyClients clients) {
    this.ora = ora;
    this.clients = clients;
  }

  // snippet:spring-login-callback
  /** On the callback: exchange the code and keep the user's token under their key. */
  public void completeLogin(String userKey, AuthorizationRequest request, String callbackUri)
      throws IOException {
    clients.userSession("ora", userKey).save(ora.exchange(request, callbackUri));
  }
  // end-snippet

  /** Starts a login: the URL to send the browser to; the app keeps the request in its session. */
  public AuthorizationRequest startLogin() {
    return ora.newAuthorizationRequest().build();
  }
}
