package dev.latchkey.interop.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an authorization request of the {@link InteropClients#PAR_REQUIRED} client that does
 * not come through pushed authorization (RFC 9126 §6, client metadata
 * {@code require_pushed_authorization_requests}). SAS 7.0 serves PAR but has no per-client
 * setting to require it, so this one rule is the fixture's, not SAS's.
 */
final class PushedRequestsRequired extends OncePerRequestFilter {
  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    if (request.getRequestURI().equals("/oauth2/authorize")
        && InteropClients.PAR_REQUIRED.equals(request.getParameter("client_id"))
        && request.getParameter("request_uri") == null) {
      response.setStatus(400);
      response.setContentType("application/json");
      response.getWriter().write("{\"error\":\"invalid_request\",\"error_description\":"
          + "\"this client must use pushed authorization requests (RFC 9126)\"}");
      return;
    }
    chain.doFilter(request, response);
  }
}
