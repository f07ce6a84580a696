package dev.latchkey;

/**
 * Makes text that a server or a browser sent (an {@code error_description}, an {@code iss}) safe
 * to quote in an exception message, which apps log: no control characters that could forge or
 * split a log line, no secret the server echoed back, and no unbounded length.
 */
final class Texts {
  /** Longest quoted text; an RFC 6749 §5.2 description is a sentence or two. */
  static final int MAX_QUOTED = 300;
  /**
   * Shortest secret redacted: a shorter value (a test's "wrong") would also match ordinary words
   * of a description, and is no real secret anyway.
   */
  static final int MIN_REDACTED = 8;

  private Texts() {
  }

  /**
   * Returns {@code text} with control characters replaced by {@code ?}, each of {@code secrets}
   * (of at least {@link #MIN_REDACTED} characters) replaced by {@code [redacted]}, and cut to {@link #MAX_QUOTED} characters; null stays null.
   */
  static String quote(String text, String... secrets) {
    if (text == null) {
      return null;
    }
    String safe = redact(text, secrets);
    StringBuilder out = new StringBuilder(Math.min(safe.length(), MAX_QUOTED + 1));
    for (int i = 0; i < safe.length() && out.length() < MAX_QUOTED; i++) {
      char c = safe.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (safe.length() > MAX_QUOTED) {
      out.append('…');
    }
    return out.toString();
  }

  /**
   * Returns {@code text} with each of {@code secrets} (of at least {@link #MIN_REDACTED}
   * characters) replaced by {@code [redacted]}, and nothing else changed; null stays null.
   */
  static String redact(String text, String... secrets) {
    if (text == null) {
      return null;
    }
    String safe = text;
    for (String secret : secrets) {
      if (secret != null && secret.length() >= MIN_REDACTED) {
        safe = safe.replace(secret, "[redacted]");
      }
    }
    return safe;
  }

  /**
   * Returns the index of the first character an HTTP header cannot carry unambiguously in a
   * {@code Bearer} credential (RFC 6750 §2.1): anything but visible ASCII. -1 when there is none.
   */
  static int firstNonHeaderChar(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return i;
      }
    }
    return -1;
  }
}
