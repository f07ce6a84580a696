package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.JsonFields.bad;
import static dev.latchkey.mockserver.JsonFields.integer;
import static dev.latchkey.mockserver.JsonFields.string;
import static dev.latchkey.mockserver.JsonFields.strings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;

/**
 * The admin routes of what the server hosts: {@code /__admin/providers}, their
 * {@code /__admin/clients} and their API {@code /__admin/stubs}.
 */
final class AdminProviders {
  private final Controls server;

  AdminProviders(Controls server) {
    this.server = server;
  }

  MockResponse addProvider(Map<String, Object> body) throws OAuthError {
    MockProvider p = ProviderJson.fromJson(body);
    server.register(p);
    Map<String, Object> result = ProviderJson.toJson(p);
    DemoClient demo = DemoClients.of(p).get(0);
    result.put("demo_client_id", demo.clientId());
    result.put("demo_client_secret", demo.clientSecret());
    return AdminApi.created(result);
  }

  List<Object> providers() {
    List<Object> result = new ArrayList<>();
    for (MockProvider p : server.providers()) result.add(ProviderJson.toJson(p));
    return result;
  }

  MockResponse addClient(Map<String, Object> body) throws OAuthError {
    String provider = string(body, "provider", true);
    String clientId = string(body, "client_id", true);
    String secret = string(body, "client_secret", false);
    List<String> redirectUris = strings(body, "redirect_uris");
    List<String> scopes = body.containsKey("scopes") ? strings(body, "scopes") : null;
    DemoClient c = server.registerClient(server.provider(provider), clientId, secret,
        redirectUris, scopes);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("provider", c.provider());
    result.put("client_id", c.clientId());
    result.put("public", c.isPublic());
    result.put("redirect_uris", redirectUris);
    if (scopes != null) result.put("scopes", scopes);
    return AdminApi.created(result);
  }

  List<Object> clients() {
    List<Object> result = new ArrayList<>();
    for (Client c : server.clients()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("provider", c.provider.id);
      m.put("client_id", c.id);
      m.put("public", c.isPublic());
      m.put("redirect_uris", c.anyLoopback ? List.of("any loopback URI") : c.redirectUris);
      if (c.scopes != null) m.put("scopes", new ArrayList<>(c.scopes));
      AdminSwitches.clientSwitches(c, m);
      result.add(m);
    }
    return result;
  }

  MockResponse addStub(Map<String, Object> body) throws OAuthError {
    MockProvider p = server.provider(string(body, "provider", true));
    String method = string(body, "method", true);
    String path = string(body, "path", true);
    Integer status = integer(body, "status");
    String contentType = string(body, "content_type", false);
    Object json = body.get("json");
    String text = string(body, "body", false);
    if (json != null && text != null) throw bad("send json or body, not both");
    ApiStub stub = json != null
        ? ApiStub.json(status == null ? 200 : status, Wire.toJson(json))
        : ApiStub.of(status == null ? 200 : status, contentType, text == null ? "" : text);
    Object headers = body.get("headers");
    if (headers != null) {
      if (!(headers instanceof Map)) throw bad("headers must be an object of strings");
      for (Map.Entry<?, ?> h : ((Map<?, ?>) headers).entrySet()) {
        if (!(h.getValue() instanceof String)) throw bad("headers must be an object of strings");
        stub = stub.header((String) h.getKey(), (String) h.getValue());
      }
    }
    server.stubApi(p, method, path, stub);
    return AdminApi.created(stubJson(p.id + ' ' + ApiPaths.method(method) + ' ' + path, stub));
  }

  List<Object> stubs() {
    List<Object> result = new ArrayList<>();
    for (Map.Entry<String, ApiStub> e : server.stubs().entrySet()) {
      result.add(stubJson(e.getKey(), e.getValue()));
    }
    return result;
  }

  private static Map<String, Object> stubJson(String key, ApiStub stub) {
    String[] parts = key.split(" ", 3);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", parts[0]);
    m.put("method", parts[1]);
    m.put("path", parts[2]);
    m.put("status", stub.status());
    if (stub.contentType() != null) m.put("content_type", stub.contentType());
    if (!stub.headers().isEmpty()) m.put("headers", stub.headers());
    m.put("body", stub.body());
    return m;
  }
}
