package dev.latchkey.mockserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads of an admin API request's JSON object; a wrong type is a 400. */
final class JsonFields {
  private JsonFields() {
  }

  static OAuthError bad(String description) {
    return OAuthError.badRequest("invalid_request", description);
  }

  static String string(Map<String, Object> body, String name, boolean required)
      throws OAuthError {
    Object v = body.get(name);
    if (v == null) {
      if (required) throw bad(name + " is missing");
      return null;
    }
    if (!(v instanceof String)) throw bad(name + " must be a string");
    return (String) v;
  }

  static Integer integer(Map<String, Object> body, String name) throws OAuthError {
    Object v = body.get(name);
    if (v == null) return null;
    if (!(v instanceof Number)
        || ((Number) v).doubleValue() != Math.rint(((Number) v).doubleValue())) {
      throw bad(name + " must be a whole number");
    }
    return ((Number) v).intValue();
  }

  static Boolean bool(Map<String, Object> body, String name) throws OAuthError {
    Object v = body.get(name);
    if (v == null) return null;
    if (!(v instanceof Boolean)) throw bad(name + " must be true or false");
    return (Boolean) v;
  }

  static List<String> strings(Map<String, Object> body, String name) throws OAuthError {
    Object v = body.get(name);
    if (v == null) return List.of();
    if (!(v instanceof List)) throw bad(name + " must be an array of strings");
    List<String> result = new ArrayList<>();
    for (Object o : (List<?>) v) {
      if (!(o instanceof String)) throw bad(name + " must be an array of strings");
      result.add((String) o);
    }
    return result;
  }
}
