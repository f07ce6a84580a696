package dev.latchkey.oidc;

/** Quotes a value from a token or key set in a message: no control characters, bounded. */
final class Quote {
  private static final int MAX = 100;

  private Quote() {
  }

  static String of(Object value) {
    String text = String.valueOf(value);
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length() && i < MAX; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.append(text.length() > MAX ? "…\"" : "\"").toString();
  }
}
