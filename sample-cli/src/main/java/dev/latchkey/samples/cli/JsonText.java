package dev.latchkey.samples.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Shows a parsed JSON value as a person reads it: a string as itself, a number as it was written
 * (the SDK's JSON parser reads every number as a double, so {@code 1796132390} would otherwise
 * print as {@code 1.79613239E9}), objects and arrays as compact JSON.
 */
final class JsonText {
  /** Beyond 2^53 a double no longer holds every integer, so larger ones print as decimals. */
  private static final double MAX_EXACT_INTEGER = 9007199254740992d;

  private JsonText() {
  }

  /** Returns a top-level value: a string unquoted, anything else as JSON. */
  static String of(Object value) {
    return value instanceof String ? (String) value : json(value);
  }

  private static String json(Object value) {
    if (value instanceof Double) {
      double d = (Double) value;
      return d == Math.rint(d) && Math.abs(d) <= MAX_EXACT_INTEGER
          ? Long.toString((long) d) : Double.toString(d);
    }
    if (value instanceof String) {
      return quote((String) value);
    }
    if (value instanceof Map) {
      StringBuilder json = new StringBuilder("{");
      for (Iterator<? extends Map.Entry<?, ?>> i = ((Map<?, ?>) value).entrySet().iterator();
          i.hasNext(); ) {
        Map.Entry<?, ?> entry = i.next();
        json.append(quote(String.valueOf(entry.getKey()))).append(':')
            .append(json(entry.getValue())).append(i.hasNext() ? "," : "");
      }
      return json.append('}').toString();
    }
    if (value instanceof List) {
      StringBuilder json = new StringBuilder("[");
      for (Iterator<?> i = ((List<?>) value).iterator(); i.hasNext(); ) {
        json.append(json(i.next())).append(i.hasNext() ? "," : "");
      }
      return json.append(']').toString();
    }
    return String.valueOf(value); // true, false, null, or a number type other than double
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
