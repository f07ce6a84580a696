package dev.latchkey.mockserver;

import java.util.List;

/** The one user who signs in to every provider's consent page. */
final class DemoUser {
  static final String SUBJECT = "demo-user-1";
  static final String USERNAME = "dana";
  static final String NAME = "Dana Demo";
  static final String EMAIL = "dana@example.test";
  static final List<String> GROUPS = List.of("engineering", "demo");
  static final List<String> ROLES = List.of("admin", "user");

  private DemoUser() {
  }
}
