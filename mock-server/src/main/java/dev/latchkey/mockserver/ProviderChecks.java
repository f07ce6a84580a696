package dev.latchkey.mockserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** The argument checks of the provider builder's setters. */
final class ProviderChecks {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  private ProviderChecks() {
  }

  static String id(String id) {
    Objects.requireNonNull(id, "id == null");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a provider id is 1 to 40 of a-z 0-9 - (starting with"
          + " a letter or digit); got \"" + id + "\"");
    }
    return id;
  }

  static String path(String path, boolean nullable) {
    if (path == null) {
      if (nullable) return null;
      throw new NullPointerException("path == null");
    }
    if (!PATH.matcher(path).matches() || path.equals("/consent")) {
      throw new IllegalArgumentException("a path is /segment[/segment...] of A-Z a-z 0-9 . _ ~"
          + " - (and not /consent); got \"" + path + "\"");
    }
    return path;
  }

  static String nonBlank(String s, String name) {
    Objects.requireNonNull(s, name + " == null");
    if (s.isBlank() || !s.equals(s.strip())) {
      throw new IllegalArgumentException(name + " must be non-empty with no surrounding space");
    }
    return s;
  }

  static <T> List<T> nonEmpty(T[] values, String name) {
    Objects.requireNonNull(values, name + " == null");
    if (values.length == 0) throw new IllegalArgumentException(name + " is empty");
    List<T> list = new ArrayList<>();
    for (T v : values) list.add(Objects.requireNonNull(v, name + " contains null"));
    return list;
  }
}
