package dev.latchkey;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/** Checks scope names as every builder takes them: non-empty, without spaces (RFC 6749 §3.3). */
final class Scopes {
  private Scopes() {
  }

  /** Replaces {@code target}'s contents with {@code scopes}, each checked. */
  static void replace(Set<String> target, Iterable<String> scopes) {
    requireNonNull(scopes, "scopes == null");
    target.clear();
    for (String scope : scopes) {
      requireNonNull(scope, "scopes contains null");
      if (scope.isEmpty() || scope.contains(" ")) {
        throw new IllegalArgumentException("scope must be non-empty without spaces: \"" + scope
            + "\"; pass each scope separately");
      }
      target.add(scope);
    }
  }
}
