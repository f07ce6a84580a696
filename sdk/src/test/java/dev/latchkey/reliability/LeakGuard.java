package dev.latchkey.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import dev.latchkey.Token;
import dev.latchkey.TokenListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test whose log output, exception messages or {@code toString()} values contain a
 * secret the test used: a client secret, an access or refresh token, an authorization code, a
 * PKCE verifier or a state value.
 *
 * <p>Before each test it raises the {@code dev.latchkey} and {@code okhttp3} loggers to
 * {@link Level#ALL} and records everything they publish (formatted message, parameters and the
 * whole stack trace of any thrown exception). Tests register their secrets with
 * {@link #secret(String)}, tokens with {@link #token(Token)} or the {@link #listener()}, and
 * hand every exception and value they want checked to {@link #scan(Object)}. After each test
 * every recorded text is searched for every secret.
 *
 * <p>Records of {@code dev.latchkey.mockserver} are left out: the mock server is the test's
 * authorization server, not the SDK, and its journal keeps secrets on purpose.
 */
final class LeakGuard implements BeforeEachCallback, AfterEachCallback {
  private static final String[] LOGGERS = {"dev.latchkey", "okhttp3"};
  /** Shorter values would match by accident (a "1" in a port number); none of ours is that short. */
  private static final int MIN_SECRET_LENGTH = 6;

  private final Set<String> secrets = ConcurrentHashMap.newKeySet();
  /** Distinct texts seen; a soak logs the same lines many times over. */
  private final Set<String> texts = ConcurrentHashMap.newKeySet();
  private final Map<String, String> origins = new ConcurrentHashMap<>();
  private final List<Logger> loggers = new ArrayList<>();
  private final List<Level> levels = new ArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLoggerName() != null
          && record.getLoggerName().startsWith("dev.latchkey.mockserver")) {
        return;
      }
      record(formatter.formatMessage(record), "log " + record.getLoggerName());
      Object[] parameters = record.getParameters();
      if (parameters != null) {
        for (Object parameter : parameters) {
          record(String.valueOf(parameter), "log parameter " + record.getLoggerName());
        }
      }
      if (record.getThrown() != null) {
        record(stackTrace(record.getThrown()), "logged exception " + record.getLoggerName());
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private volatile int records;

  @Override
  public void beforeEach(ExtensionContext context) {
    secrets.clear();
    texts.clear();
    origins.clear();
    records = 0;
    handler.setLevel(Level.ALL);
    for (String name : LOGGERS) {
      Logger logger = Logger.getLogger(name);
      loggers.add(logger); // Held strongly, or the level could be forgotten with the logger.
      levels.add(logger.getLevel());
      logger.setLevel(Level.ALL);
      logger.addHandler(handler);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (int i = 0; i < loggers.size(); i++) {
      loggers.get(i).removeHandler(handler);
      loggers.get(i).setLevel(levels.get(i));
    }
    loggers.clear();
    levels.clear();
    context.getExecutionException().ifPresent(this::scan);
    List<String> leaks = new ArrayList<>();
    for (String text : texts) {
      for (String secret : secrets) {
        if (text.contains(secret)) {
          leaks.add(origins.get(text) + " contains the secret " + shape(secret) + ": "
              + text.replace(secret, "<SECRET>"));
        }
      }
    }
    if (!leaks.isEmpty()) {
      Collections.sort(leaks);
      fail(leaks.size() + " leak(s) of secrets:\n" + String.join("\n", leaks));
    }
  }

  /** Registers a value that must never appear in a log record, message or toString(). */
  String secret(String value) {
    if (value != null && value.length() >= MIN_SECRET_LENGTH) {
      secrets.add(value);
    }
    return value;
  }

  /** Registers a token's access and refresh tokens, and checks its toString(). */
  Token token(Token token) {
    if (token != null) {
      secret(token.accessToken());
      secret(token.refreshToken());
      scan(token);
    }
    return token;
  }

  /** A listener that registers every token a session receives. */
  TokenListener listener() {
    return new TokenListener() {
      @Override
      public void issued(String sessionKey, Token token) {
        token(token);
      }

      @Override
      public void renewed(String sessionKey, Token token) {
        token(token);
      }

      @Override
      public void renewalFailed(String sessionKey, Exception failure) {
        scan(failure);
      }
    };
  }

  /**
   * Records a value's text for the scan after the test: an exception's whole stack trace
   * (messages, causes, suppressed), anything else's {@code toString()}.
   */
  <T> T scan(T value) {
    if (value instanceof Throwable) {
      record(stackTrace((Throwable) value), "exception " + value.getClass().getSimpleName());
    } else if (value != null) {
      record(value.toString(), "toString of " + value.getClass().getSimpleName());
    }
    return value;
  }

  /** How many log records the guard saw in this test. */
  int logRecords() {
    return records;
  }

  /** The distinct log and scanned texts so far, for tests that look for a line themselves. */
  List<String> texts() {
    return new ArrayList<>(texts);
  }

  private void record(String text, String origin) {
    if (text == null) {
      return;
    }
    if (origin.startsWith("log")) {
      records++; // Racy by design: a count for the report, not a check.
    }
    if (texts.add(text)) {
      origins.putIfAbsent(text, origin);
    }
  }

  static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    // printStackTrace walks causes and suppressed exceptions and guards against cycles.
    t.printStackTrace(new PrintWriter(out, true));
    return out.toString();
  }

  /** Describes a secret without showing it: its length and first two characters. */
  private static String shape(String secret) {
    return "(" + secret.length() + " chars, starts " + secret.substring(0, 2) + "…)";
  }
}
