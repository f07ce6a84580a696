package dev.latchkey.samples.webapp;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The app's HTML: plain text-block templates. Every dynamic value goes through {@link #escape}
 * before it is put into a page; a value that is already HTML is named {@code ...Html}.
 */
final class Pages {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** A token as pages show it: never its value, only its timing and history. */
  record TokenView(Instant issuedAt, Instant expiresAt, Instant now, boolean refreshable,
      TokenEvents.Stats stats) {
  }

  /** Profile data to show: labelled fields and an optional titled list. */
  record Profile(String heading, Map<String, String> fields, String listHeading,
      List<String> list) {
  }

  /** One provider in the application panel. */
  record AppCard(ProviderId provider, String api, String resultHtml, TokenView token,
      String actionHtml) {
  }

  private Pages() {
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  static String escape(Object value) {
    String s = String.valueOf(value);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  /** Wraps a page body in the layout. */
  static String layout(String title, String bodyHtml) {
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s · Latchkey sample</title>
        <link rel="stylesheet" href="/static/app.css">
        <script src="/static/countdown.js" defer></script>
        </head>
        <body>
        <header><a class="brand" href="/">Latchkey sample</a>
        <nav><a href="/">Home</a> <a href="/profile">Profile</a> <a href="/app">Application</a></nav>
        </header>
        <main>
        %s
        </main>
        <footer>A sample of the Latchkey OAuth2 SDK. Copy what you need.</footer>
        </body>
        </html>
        """.formatted(escape(title), bodyHtml);
  }

  /** Returns a POST form of one button that starts signing in with {@code provider}. */
  static String signInButton(ProviderId provider, String csrf, String label, boolean enabled) {
    return """
        <form method="post" action="/signin/%s">
        <input type="hidden" name="%s" value="%s">
        <button type="submit" class="button"%s>%s</button>
        </form>
        """.formatted(escape(provider.id()), Csrf.FIELD, escape(csrf),
        enabled ? "" : " disabled", escape(label));
  }

  static String home(List<ProviderId> providers, List<ProviderId> configured, String csrf,
      WebSession.User user, String noticeHtml, boolean demo) {
    StringBuilder buttons = new StringBuilder();
    for (ProviderId p : providers) {
      buttons.append(signInButton(p, csrf, "Sign in with " + p.label(), configured.contains(p)));
    }
    String signedIn = user == null ? ""
        : "<p class=\"notice\">You are signed in with " + escape(user.provider().label())
            + ". <a href=\"/profile\">Go to your profile</a>.</p>\n";
    String mode = demo
        ? "<p class=\"hint\">Demo mode: the providers are the embedded Latchkey mock server."
            + " Its consent page asks you to Approve or Deny; tokens live a few seconds so you"
            + " can watch them being renewed.</p>"
        : "<p class=\"hint\">Providers without a client id in the configuration are"
            + " disabled.</p>";
    return layout("Home", """
        %s%s<h1>Sign in</h1>
        <p class="lead">Sign in with one of these providers to see your profile and watch the SDK keep your token fresh.</p>
        <div class="providers">
        %s</div>
        %s
        <section class="card">
        <h2>The application's own access</h2>
        <p>Some APIs are called by the app itself, not on behalf of a user (the client_credentials grant).</p>
        <p><a href="/app">Open the application panel</a></p>
        </section>
        """.formatted(noticeHtml, signedIn, buttons, mode));
  }

  /** Returns the token panel: expiry with a countdown, and the SDK's renewals. */
  static String token(String id, TokenView token, boolean reload) {
    long left = Math.max(0, Duration.between(token.now(), token.expiresAt()).toSeconds());
    TokenEvents.Stats stats = token.stats();
    String renewal = stats.renewed() == 0
        ? "Not renewed yet: the SDK renews this token shortly before it expires, when the app"
            + " next uses it."
        : "Renewed by the SDK at <strong class=\"renewed-at\">" + escape(time(stats.lastRenewedAt()))
            + "</strong> (" + stats.renewed() + (stats.renewed() == 1 ? " renewal" : " renewals")
            + " so far).";
    return """
        <div class="token" id="%s">
        <p>Expires at <strong class="expires-at">%s</strong>, in <span class="countdown" data-seconds="%d"%s>%d s</span>.</p>
        <p class="renewal">%s</p>
        <p class="meta">Issued at %s · %s · tokens acquired: <span class="acquisitions">%d</span>%s</p>
        </div>
        """.formatted(escape(id), escape(time(token.expiresAt())), left,
        reload ? " data-reload=\"true\"" : "", left, renewal, escape(time(token.issuedAt())),
        token.refreshable() ? "renews with its refresh token" : "renews by acquiring a new token",
        stats.acquisitions(),
        stats.failures() == 0 ? "" : " · failed renewals: " + stats.failures());
  }

  static String profile(ProviderId provider, Profile profile, TokenView token, String csrf) {
    StringBuilder fields = new StringBuilder();
    for (Map.Entry<String, String> e : profile.fields().entrySet()) {
      fields.append("<dt>").append(escape(e.getKey())).append("</dt><dd>")
          .append(escape(e.getValue())).append("</dd>\n");
    }
    StringBuilder list = new StringBuilder();
    if (profile.listHeading() != null) {
      list.append("<h3>").append(escape(profile.listHeading())).append("</h3>\n<ul class=\"items\">\n");
      for (String item : profile.list()) {
        list.append("<li>").append(escape(item)).append("</li>\n");
      }
      list.append("</ul>\n");
    }
    return layout("Profile", """
        <h1>Signed in with %s</h1>
        <section class="card" id="profile">
        <h2>%s</h2>
        <dl>
        %s</dl>
        %s</section>
        <section class="card">
        <h2>Your access token</h2>
        %s</section>
        <form method="post" action="/signout">
        <input type="hidden" name="%s" value="%s">
        <button type="submit" class="button secondary">Sign out</button>
        </form>
        """.formatted(escape(provider.label()), escape(profile.heading()), fields, list,
        token(provider.id() + "-token", token, true), Csrf.FIELD, escape(csrf)));
  }

  static String appPanel(List<AppCard> cards, String noticeHtml) {
    StringBuilder body = new StringBuilder();
    for (AppCard card : cards) {
      body.append("<section class=\"card\" id=\"").append(escape(card.provider().id()))
          .append("\">\n<h2>").append(escape(card.provider().label())).append("</h2>\n");
      if (card.token() == null) {
        body.append(card.resultHtml());
      } else {
        body.append("<p class=\"api\"><code>").append(escape(card.api())).append("</code></p>\n")
            .append(card.resultHtml())
            .append(token(card.provider().id() + "-token", card.token(), true))
            .append(card.actionHtml());
      }
      body.append("</section>\n");
    }
    return layout("Application", """
        %s<h1>Application panel</h1>
        <p class="lead">The app's own tokens, from the client_credentials grant: no user signs in, and one token per provider serves every user. When a token expires the SDK gets a new one.</p>
        %s""".formatted(noticeHtml, body));
  }

  static String error(String title, String message, String retryHtml) {
    return layout(title, """
        <section class="card error">
        <h1>%s</h1>
        <p class="lead">%s</p>
        %s<p><a href="/">Back to the home page</a></p>
        </section>
        """.formatted(escape(title), escape(message), retryHtml));
  }

  /** Returns a notice paragraph for {@code text}, or an empty string for null. */
  static String notice(String text) {
    return text == null ? "" : "<p class=\"notice\">" + escape(text) + "</p>\n";
  }
}
