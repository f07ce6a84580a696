package dev.latchkey.interop.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
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
    String grantType = request.getParameter("grant_type");
    boolean dpop = request.getHeader("DPoP") != null;
    AtomicBoolean recorded = new AtomicBoolean();
    // Recorded when SAS first flushes its answer (its endpoints flush before they return), so
    // a client that has read the answer finds it in the log; or at the end, if SAS never does.
    Runnable record = () -> {
      if (recorded.compareAndSet(false, true)) {
        exchanges.add(new InteropServer.Exchange(request.getMethod(), path, clientId,
            authentication, grantType, dpop, response.getStatus()));
      }
    };
    try {
      chain.doFilter(request, new RecordOnFlush(response, record));
    } finally {
      record.run();
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

  /** Runs {@code record} before the answer is flushed to the client. */
  private static final class RecordOnFlush extends HttpServletResponseWrapper {
    private final Runnable record;

    RecordOnFlush(HttpServletResponse response, Runnable record) {
      super(response);
      this.record = record;
    }

    @Override
    public void flushBuffer() throws IOException {
      record.run();
      super.flushBuffer();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      return new PrintWriter(super.getWriter()) {
        @Override
        public void flush() {
          record.run();
          super.flush();
        }

        @Override
        public void close() {
          record.run();
          super.close();
        }
      };
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      ServletOutputStream out = super.getOutputStream();
      return new ServletOutputStream() {
        @Override
        public void write(int b) throws IOException {
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          record.run();
          out.flush();
        }

        @Override
        public void close() throws IOException {
          record.run();
          out.close();
        }

        @Override
        public boolean isReady() {
          return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          out.setWriteListener(listener);
        }
      };
    }
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
