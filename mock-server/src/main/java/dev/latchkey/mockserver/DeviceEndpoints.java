package dev.latchkey.mockserver;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The device authorization endpoint (RFC 8628 §3.1, §3.2) and the verification page where the
 * user enters the user code and approves or denies (§3.3).
 */
final class DeviceEndpoints {
  static final String AUTHORIZATION_PATH = "/device_authorization";
  static final String VERIFICATION_PATH = "/device";
  /** RFC 8628 §6.1: consonants only, so no words and nothing that reads alike. */
  private static final String USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EndpointState state;
  private final ClientAuthentication clients;

  DeviceEndpoints(EndpointState state) {
    this.state = state;
    this.clients = new ClientAuthentication(state);
  }

  MockResponse authorize(MockProvider p, RecordedRequest request) {
    if (!request.getMethod().equals("POST")) {
      return Wire.methodNotAllowed("POST", request.getUrl().encodedPath());
    }
    try {
      TokenRequest call = TokenRequest.read(p, request);
      Client client = clients.authenticate(call);
      String scopeParam = call.param("scope");
      List<String> scopes = Scopes.parse(scopeParam);
      Scopes.check(p, client, scopes);
      Duration lifetime = state.settings().deviceCodeLifetime(p);
      Duration interval = state.settings().devicePollingInterval(p);
      String deviceCode = ServerState.randomToken();
      String userCode;
      do {
        // A user code is short: a collision with a live one (1 in 20^8 each) gets another.
        userCode = userCode();
      } while (!state.putDeviceAuthorization(new DeviceAuthorization(client, deviceCode,
          userCode, scopes, scopeParam != null, state.now().plus(lifetime), interval)));
      String verification = state.url() + p.id + VERIFICATION_PATH;
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("device_code", deviceCode);
      body.put("user_code", userCode);
      body.put("verification_uri", verification);
      body.put("verification_uri_complete", verification + "?user_code=" + userCode);
      body.put("expires_in", lifetime.getSeconds());
      body.put("interval", interval.getSeconds());
      return Wire.json(200, body).setHeader("Cache-Control", "no-store").build();
    } catch (OAuthError e) {
      return e.response;
    }
  }

  /** {@return eight letters as XXXX-XXXX, 20^8 (about 34 bits) of them (RFC 8628 §5.1)} */
  static String userCode() {
    StringBuilder sb = new StringBuilder(9);
    for (int i = 0; i < 8; i++) {
      if (i == 4) sb.append('-');
      sb.append(USER_CODE_ALPHABET.charAt(RANDOM.nextInt(USER_CODE_ALPHABET.length())));
    }
    return sb.toString();
  }

  /** {@return the user code as typed, in the canonical form: upper case, dash in the middle} */
  static String normalize(String typed) {
    StringBuilder letters = new StringBuilder();
    for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
      if (Character.isLetter(c)) letters.append(c);
    }
    if (letters.length() != 8) return typed;
    return letters.substring(0, 4) + "-" + letters.substring(4);
  }

  /** GET shows the form (filled in from {@code user_code}); POST takes the user's decision. */
  MockResponse verification(MockProvider p, RecordedRequest request) {
    if (request.getMethod().equals("GET")) {
      String code;
      try {
        code = Wire.parseQuery(request.getUrl()).get("user_code");
      } catch (OAuthError e) {
        code = null;
      }
      return page(200, p, null, code == null ? "" : normalize(code));
    }
    if (!request.getMethod().equals("POST")) {
      return Wire.methodNotAllowed("GET, POST", request.getUrl().encodedPath());
    }
    Map<String, String> form;
    try {
      form = Wire.parseForm(Wire.body(request));
    } catch (OAuthError e) {
      return page(400, p, "The form is malformed.", "");
    }
    String typed = form.getOrDefault("user_code", "");
    String decision = form.get("decision");
    if (!"approve".equals(decision) && !"deny".equals(decision)) {
      return page(400, p, "decision must be approve or deny.", typed);
    }
    DeviceAuthorization device = find(p, typed);
    if (device == null || !device.answer("approve".equals(decision), state.now())) {
      return page(400, p, "That code is unknown, expired or already used. Check the code on "
          + "your device.", typed);
    }
    return page(200, p, "approve".equals(decision)
        ? "Approved: " + device.client.name + " is signed in. Return to your device."
        : "Denied: " + device.client.name + " was not signed in.", null);
  }

  /** {@return the provider's pending authorization with that user code, or null} */
  DeviceAuthorization find(MockProvider p, String typed) {
    DeviceAuthorization device = state.deviceAuthorizationByUserCode(normalize(typed));
    return device == null || !device.client.provider.id.equals(p.id) ? null : device;
  }

  private static MockResponse page(int code, MockProvider p, String message, String userCode) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head>"
        + "<meta charset=\"utf-8\"><title>Connect a device - ")
        .append(Wire.escapeHtml(p.displayName)).append("</title></head>\n<body><main>\n<h1>")
        .append(Wire.escapeHtml(p.displayName)).append(" (Latchkey mock): connect a device</h1>\n");
    if (message != null) {
      html.append("<p id=\"message\">").append(Wire.escapeHtml(message)).append("</p>\n");
    }
    if (userCode != null) {
      html.append("<form method=\"post\" action=\"/").append(p.id).append(VERIFICATION_PATH)
          .append("\">\n<label for=\"user_code\">Code shown on your device</label>\n")
          .append("<input id=\"user_code\" name=\"user_code\" autocomplete=\"off\" value=\"")
          .append(Wire.escapeHtml(userCode)).append("\">\n")
          .append("<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">"
              + "Approve</button>\n")
          .append("<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny"
              + "</button>\n</form>\n");
    }
    html.append("</main></body></html>\n");
    return Wire.html(code, html.toString()).build();
  }
}
