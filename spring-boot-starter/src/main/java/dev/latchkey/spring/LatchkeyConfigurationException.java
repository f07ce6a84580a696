package dev.latchkey.spring;

/**
 * Thrown at start-up when a {@code latchkey.*} property is missing or wrong. Its message names
 * the property and says how to fix it; it never holds a secret.
 */
public final class LatchkeyConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The property at fault. */
  private final String property;
  /** What to do about it. */
  private final String action;

  LatchkeyConfigurationException(String property, String problem, String action, Throwable cause) {
    super(property + ": " + problem, cause);
    this.property = property;
    this.action = action;
  }

  /**
   * Returns the property at fault, such as {@code latchkey.clients.orders.provider}.
   *
   * @return the property's name
   */
  public String property() {
    return property;
  }

  /**
   * Returns what to do about it.
   *
   * @return the advice
   */
  public String action() {
    return action;
  }
}
