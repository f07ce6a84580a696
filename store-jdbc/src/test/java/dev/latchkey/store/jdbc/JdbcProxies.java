package dev.latchkey.store.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** JDBC objects that delegate to real ones, with the calls a test cares about changed. */
final class JdbcProxies {
  /** Decides a call: make it with {@code call.proceed()}, or not, and return the result. */
  interface Handler {
    Object handle(Method method, Object[] args, Call call) throws Throwable;
  }

  /** The delegated call. */
  interface Call {
    Object proceed() throws Throwable;
  }

  private JdbcProxies() {
  }

  static <T> T delegate(Class<T> type, T target, Handler handler) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (self, method, args) -> handler.handle(method, args, () -> {
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        })));
  }
}
