package dev.latchkey.interop.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every request to the authorization server's endpoints (path, client, how the client
 * authenticated, grant type) and the status SAS answered, so tests count what reached the
 * server instead of trusting the client's account of it.
 */
final class RequestLog extends OncePerRequestFilter {
  static final RequestLog INSTANCE = new RequestLog();

  private final List<InteropServer.Exchange> exchanges = new CopyOnWriteArrayList<>();

  private RequestLog() {
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String path = request.getRequestURI();
    if (!path.startsWith("/oauth2/") && !path.startsWith("/userinfo")
        && !path.startsWith("/connect/") && !path.startsWith("/api/")) {
      chain.doFilter(request, response);
      return;
    }
    // Reading a form parameter here leaves it readable for SAS: the container caches them.
    String basicClient = basicClientId(request.getHeader("Authorization"));
    String clientId = basicClient != null ? basicClient : request.getParameter("client_id");
    String authentication = basicClient != null ? "client_secret_basic"
        : request.getParameter("client_secret") != null ? "client_secret_post"
        : request.getParameter("client_assertion") != null ? "client_assertion" : "none";
    try {
      chain.doFilter(request, response);
    } finally {
      exchanges.add(new InteropServer.Exchange(request.getMethod(), path, clientId,
          authentication, request.getParameter("grant_type"), request.getHeader("DPoP") != null,
          response.getStatus()));
    }
  }

  List<InteropServer.Exchange> matching(Predicate<InteropServer.Exchange> filter) {
    List<InteropServer.Exchange> result = new ArrayList<>();
    for (InteropServer.Exchange exchange : exchanges) {
      if (filter.test(exchange)) {
        result.add(exchange);
      }
    }
    return result;
  }

  private static String basicClientId(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
          StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return java.net.URLDecoder.decode(colon < 0 ? decoded : decoded.substring(0, colon),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
