package dev.latchkey.interop;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Parses the JSON objects of raw answers (Moshi: the sdk's own parser is not public). */
final class Json {
  private static final JsonAdapter<Map<String, Object>> OBJECT = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private Json() {
  }

  static Map<String, Object> object(String json) {
    try {
      return OBJECT.fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON object: " + json, e);
    }
  }
}
