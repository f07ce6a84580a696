package dev.latchkey.interop.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A browser, over plain HTTP: follows SAS's redirects, fills in Spring Security's login form
 * (username, password and the CSRF token from the page, with the session cookie) and ticks
 * every scope on SAS's consent page, until SAS redirects away from itself. No pre-authenticated
 * shortcut: the user signs in the way a person's browser does.
 */
public final class BrowserLogin {
  /** Far more hops than login + consent need: a loop fails instead of hanging. */
  private static final int MAX_STEPS = 12;
  private static final Pattern INPUT = Pattern.compile("<input[^>]*>");
  private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final InteropServer server;
  private final Map<String, List<Cookie>> cookies = new HashMap<>();
  private final OkHttpClient http;
  private String callbackUri;
  private String finalUrl;
  private int finalStatus;

  BrowserLogin(InteropServer server) {
    this.server = server;
    this.http = new OkHttpClient.Builder()
        .followRedirects(false)
        .cookieJar(new CookieJar() {
          @Override
          public void saveFromResponse(HttpUrl url, List<Cookie> list) {
            for (Cookie cookie : list) {
              cookies.computeIfAbsent(url.host(), h -> new ArrayList<>())
                  .removeIf(c -> c.name().equals(cookie.name()));
              cookies.get(url.host()).add(cookie);
            }
          }

          @Override
          public List<Cookie> loadForRequest(HttpUrl url) {
            return cookies.getOrDefault(url.host(), List.of());
          }
        })
        .build();
  }

  /**
   * Opens {@code url} and signs in and consents as needed, until SAS redirects off the server
   * or shows a page with no form to fill.
   *
   * @param url an authorization request URL (or any URL on the server a browser would open)
   * @return this browser, with {@link #callbackUri()} set
   */
  public BrowserLogin open(String url) {
    callbackUri = null;
    finalUrl = null;
    finalStatus = 0;
    Request request = get(url);
    for (int step = 0; step < MAX_STEPS; step++) {
      try (Response response = http.newCall(request).execute()) {
        String location = response.header("Location");
        if (response.isRedirect() && location != null) {
          String next = response.request().url().resolve(location).toString();
          if (!next.startsWith(server.issuer() + "/")) {
            callbackUri = next;
            return this;
          }
          request = get(next);
          continue;
        }
        String page = response.body().string();
        if (response.code() != 200 || !hasForm(page)) {
          finalUrl = response.request().url().toString();
          finalStatus = response.code();
          return this;
        }
        request = submit(page, response.request().url());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new AssertionError("no redirect off the server after " + MAX_STEPS + " steps");
  }

  /**
   * Returns where SAS last redirected the browser off the server: the client's redirect URI.
   *
   * @return the full URI, query included, or null if the browser stayed on the server
   */
  public String callbackUri() {
    if (callbackUri == null) {
      throw new AssertionError("SAS did not redirect off the server; it answered HTTP "
          + finalStatus + " at " + finalUrl);
    }
    return callbackUri;
  }

  /**
   * Returns the page the browser stopped at on the server (one with no form to fill), such as
   * the device verification's success page.
   *
   * @return the URL, or null if SAS redirected off the server
   */
  public String finalUrl() {
    return finalUrl;
  }

  /**
   * Returns the HTTP status of {@link #finalUrl()}.
   *
   * @return the status, or 0 if SAS redirected off the server
   */
  public int finalStatus() {
    return finalStatus;
  }

  private static boolean hasForm(String page) {
    return page.contains("name=\"password\"") || page.contains("consent_form");
  }

  private Request submit(String page, HttpUrl pageUrl) {
    FormBody.Builder form = new FormBody.Builder();
    String action;
    if (page.contains("name=\"password\"")) {
      action = "/login";
      form.add("username", InteropClients.USERNAME).add("password", InteropClients.PASSWORD);
      form.add("_csrf", inputs(page).get("_csrf").get(0));
    } else if (page.contains("consent_form")) {
      action = pageUrl.encodedPath();
      Map<String, List<String>> inputs = inputs(page);
      form.add("client_id", inputs.get("client_id").get(0)).add("state", inputs.get("state").get(0));
      if (inputs.containsKey("user_code")) { // the device flow's consent (RFC 8628 §3.3)
        form.add("user_code", inputs.get("user_code").get(0));
      }
      for (String scope : inputs.getOrDefault("scope", List.of())) {
        form.add("scope", scope);
      }
    } else {
      throw new AssertionError("neither a login form nor a consent page at " + pageUrl);
    }
    return new Request.Builder().url(pageUrl.resolve(action)).post(form.build())
        .header("Accept", "text/html").build();
  }

  /** The name and value of every input that has both, in page order. */
  private static Map<String, List<String>> inputs(String page) {
    Map<String, List<String>> inputs = new HashMap<>();
    Matcher input = INPUT.matcher(page);
    while (input.find()) {
      Map<String, String> attributes = new HashMap<>();
      Matcher attribute = ATTRIBUTE.matcher(input.group());
      while (attribute.find()) {
        attributes.put(attribute.group(1), attribute.group(2));
      }
      if (attributes.containsKey("name") && attributes.containsKey("value")) {
        inputs.computeIfAbsent(attributes.get("name"), n -> new ArrayList<>())
            .add(attributes.get("value"));
      }
    }
    return inputs;
  }

  private static Request get(String url) {
    return new Request.Builder().url(url).header("Accept", "text/html").build();
  }
}
