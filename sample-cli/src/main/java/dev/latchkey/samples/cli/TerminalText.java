package dev.latchkey.samples.cli;

/**
 * Makes text a provider sent safe to print on a terminal. Control characters (ANSI escapes, a
 * carriage return that overwrites the line) and Unicode format characters (bidi overrides such as
 * U+202E, zero-width characters) let a server disguise what the user reads, so they are dropped.
 */
final class TerminalText {
  private TerminalText() {
  }

  /** Returns {@code text} on one line: line breaks become spaces, other unsafe characters go. */
  static String line(String text) {
    return clean(text, false);
  }

  /** Returns {@code text} keeping line feeds and tabs; other unsafe characters go. */
  static String block(String text) {
    return clean(text, true);
  }

  private static String clean(String text, boolean keepLines) {
    StringBuilder clean = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n' || c == '\t') {
        clean.append(keepLines ? (char) c : ' ');
      } else if (c == '\u2028' || c == '\u2029') {
        clean.append(keepLines ? '\n' : ' ');
      } else if (!unsafe(c)) {
        clean.appendCodePoint(c);
      }
    }
    return clean.toString();
  }

  private static boolean unsafe(int c) {
    int type = Character.getType(c);
    // A lone surrogate is not text either; terminals show it as garbage.
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE;
  }
}
