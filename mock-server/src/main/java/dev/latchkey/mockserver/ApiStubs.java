package dev.latchkey.mockserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API stubs of the hosted providers, by {@code "provider METHOD /path"}. Owned by
 * {@link ServerState}.
 */
final class ApiStubs {
  private final Map<String, ApiStub> stubs = new ConcurrentHashMap<>();

  /** Stubs {@code method path} of {@code p}, a hosted provider. */
  void put(MockProvider p, String method, String path, ApiStub stub) {
    Objects.requireNonNull(stub, "stub == null");
    stubs.put(p.id + ' ' + ApiPaths.method(method) + ' ' + ApiPaths.check(p, path), stub);
  }

  ApiStub get(MockProvider p, String method, String path) {
    return stubs.get(p.id + ' ' + method + ' ' + path);
  }

  List<String> methods(MockProvider p, String path) {
    List<String> methods = new ArrayList<>();
    for (String key : stubs.keySet()) {
      int space = key.indexOf(' ', p.id.length() + 1);
      if (key.startsWith(p.id + ' ') && key.substring(space + 1).equals(path)) {
        methods.add(key.substring(p.id.length() + 1, space));
      }
    }
    return methods;
  }

  Map<String, ApiStub> sorted() {
    return new TreeMap<>(stubs);
  }

  void clear() {
    stubs.clear();
  }
}
