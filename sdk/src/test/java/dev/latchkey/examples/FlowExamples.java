package dev.latchkey.examples;

import dev.latchkey.DeviceAuthorization;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenExchange;
import dev.latchkey.TokenSession;
import java.io.IOException;
import java.io.PrintStream;
import okhttp3.OkHttpClient;

/** docs/device-flow.md and docs/token-exchange.md. */
final class FlowExamples {
  private FlowExamples() {
  }

  static Token deviceLogin(String issuer, String clientId, PrintStream screen)
      throws IOException {
    // snippet:device-flow
    OAuth2Client tv = OAuth2Client.builder()
        .provider(Provider.discover(new OkHttpClient(), issuer)) // finds the device endpoint
        .clientId(clientId)                                      // a public client: no secret
        .scopes("profile")
        .build();
    DeviceAuthorization device = tv.startDeviceAuthorization();
    screen.println("On your phone, open " + device.verificationUri()
        + " and enter " + device.userCode());
    Token token = tv.awaitDeviceToken(device); // polls at the server's pace until approved
    tv.session("living-room").save(token);
    // end-snippet
    return token;
  }

  static OkHttpClient ordersApi(OAuth2Client client, String userId, OkHttpClient okHttpClient) {
    // snippet:token-exchange-session
    TokenSession orders = client.newTokenExchange()
        .subject(client.session(userId))   // the user's token, renewed as needed
        .audience("orders-api")
        .scopes("orders:read")
        .build()
        .session();                        // exchanges again before its token ends
    OkHttpClient ordersApi = orders.authorize(okHttpClient);
    // end-snippet
    return ordersApi;
  }

  static Token exchangeOnce(OAuth2Client client, String incomingAccessToken) throws IOException {
    // snippet:token-exchange-once
    Token forOrders = client.newTokenExchange()
        .subjectToken(incomingAccessToken, TokenExchange.ACCESS_TOKEN_TYPE)
        .resource("https://orders.example.com/")
        .build()
        .execute();
    String issued = forOrders.issuedTokenType(); // such as ...:token-type:access_token
    // end-snippet
    return issued == null ? null : forOrders;
  }
}
