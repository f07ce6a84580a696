package dev.latchkey.samples.webapp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * A scripted browser for handler tests: keeps cookies in memory and never follows redirects, so
 * a test sees (and can tamper with) every hop of a sign-in.
 */
final class TestBrowser {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  /** One answer: status, body, and the Location header or null. */
  record Page(int status, String body, String location, String contentType) {
  }

  private final Map<String, Cookie> cookies = new LinkedHashMap<>();
  private final OkHttpClient http = new OkHttpClient.Builder()
      .followRedirects(false)
      .cookieJar(new CookieJar() {
        @Override
        public void saveFromResponse(HttpUrl url, List<Cookie> list) {
          synchronized (cookies) {
            for (Cookie c : list) {
              cookies.put(c.domain() + "|" + c.path() + "|" + c.name(), c);
            }
          }
        }

        @Override
        public List<Cookie> loadForRequest(HttpUrl url) {
          List<Cookie> matching = new ArrayList<>();
          synchronized (cookies) {
            for (Cookie c : cookies.values()) {
              if (c.matches(url)) {
                matching.add(c);
              }
            }
          }
          return matching;
        }
      })
      .build();

  Page get(String url) throws IOException {
    return send(new Request.Builder().url(url).build());
  }

  Page post(String url, Map<String, String> form) throws IOException {
    FormBody.Builder body = new FormBody.Builder();
    form.forEach(body::add);
    return send(new Request.Builder().url(url).post(body.build()).build());
  }

  private Page send(Request request) throws IOException {
    // No keep-alive: stopping the app then waits for no idle connection.
    request = request.newBuilder().header("Connection", "close").build();
    try (Response response = http.newCall(request).execute()) {
      String location = response.header("Location");
      if (location != null) {
        location = request.url().resolve(location).toString();
      }
      return new Page(response.code(), response.body().string(), location,
          response.header("Content-Type"));
    }
  }

  /** Returns the CSRF token of the first form on {@code page}. */
  static String csrf(Page page) {
    Matcher m = CSRF.matcher(page.body());
    if (!m.find()) {
      throw new AssertionError("no CSRF field in page:\n" + page.body());
    }
    return m.group(1);
  }

  /** Forgets every cookie, like a new browser. */
  void clearCookies() {
    synchronized (cookies) {
      cookies.clear();
    }
  }
}
