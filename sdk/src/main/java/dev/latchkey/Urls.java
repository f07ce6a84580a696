package dev.latchkey;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/** Parses and checks endpoint URLs: absolute, and HTTPS unless the host is loopback. */
final class Urls {
  private Urls() {
  }

  /** Parses {@code url} or throws an IAE that names the setting and shows the bad value. */
  static HttpUrl parse(String url, String name) {
    requireNonNull(url, name + " == null");
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException(name + " is not an absolute http(s) URL: \"" + url
          + "\"; pass a full URL such as https://auth.example.com/oauth/token");
    }
    return parsed;
  }

  /** Parses a base URL, adding the trailing slash that relative resolution needs. */
  static HttpUrl base(String url, String name) {
    HttpUrl parsed = requireSecure(parse(url, name), name);
    if (parsed.query() != null || parsed.fragment() != null) {
      throw new IllegalArgumentException(name + " must not have a query or fragment: \""
          + redact(parsed) + "\"");
    }
    String path = parsed.encodedPath();
    return path.endsWith("/") ? parsed : parsed.newBuilder().encodedPath(path + "/").build();
  }

  /** Returns {@code url} if it is HTTPS or loopback; throws an IAE saying how to fix it. */
  static HttpUrl requireSecure(HttpUrl url, String name) {
    if (url == null || url.isHttps() || isLoopback(url.host())) {
      return url;
    }
    throw new IllegalArgumentException(name + " must use https: \"" + redact(url)
        + "\"; plain http is allowed only for loopback hosts (localhost, 127.0.0.1, ::1)");
  }

  /**
   * Checks a redirect URI: absolute, no fragment (RFC 6749 §3.1.2), and https, loopback http
   * (RFC 8252 §7.3) or a private-use scheme for native apps (RFC 8252 §7.1).
   */
  static String requireRedirectUri(String redirectUri) {
    requireNonNull(redirectUri, "redirectUri == null");
    URI uri;
    try {
      uri = new URI(redirectUri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("redirectUri is not a valid URI: \"" + redirectUri
          + "\"; pass a full URI such as https://app.example/callback");
    }
    if (!uri.isAbsolute()) {
      throw new IllegalArgumentException("redirectUri must be absolute: \"" + redirectUri
          + "\"; pass a full URI such as https://app.example/callback");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("redirectUri must not contain a fragment: \""
          + redirectUri + "\" (RFC 6749 §3.1.2)");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("http") && (uri.getHost() == null || !isLoopback(uri.getHost()))) {
      throw new IllegalArgumentException("redirectUri must use https: \"" + redirectUri
          + "\"; plain http is allowed only for loopback hosts (RFC 8252 §7.3)");
    }
    return redirectUri;
  }

  /** 127.0.0.0/8, compiled once: the OkHttp glue checks every plain-http API request. */
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  /**
   * Returns true for localhost, 127.0.0.0/8 and ::1, and for a name under {@code .localhost}
   * only if it resolves to loopback addresses alone: RFC 6761 §6.3 asks resolvers to do so, but
   * not every one does, and one that sends such a name to a DNS server may get any address.
   */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || (h.endsWith(".localhost") && resolvesToLoopbackOnly(h))
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || IPV4_LOOPBACK.matcher(h).matches();
  }

  private static boolean resolvesToLoopbackOnly(String host) {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException | RuntimeException e) {
      // Unresolvable, or not resolvable here (a SecurityManager, Android's main thread): then
      // it is not known to stay on this machine.
      return false;
    }
  }

  /** Returns the URL without query, fragment or user info, safe for messages and logs. */
  static String redact(HttpUrl url) {
    return url.newBuilder().query(null).fragment(null).username("").password("").build()
        .toString();
  }
}
