package dev.latchkey.samples.webapp;

/**
 * Signals a problem of the app's own (no sign-in in progress, an expired form, an unknown
 * provider) with the page to show: an HTTP status, a title and a message a person can act on.
 */
final class FriendlyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final transient ProviderId retry;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status of the page
   * @param title the page's heading
   * @param message what happened and what to do; shown to the user, so no secrets
   * @param retry the provider to offer signing in with again, or null
   */
  FriendlyException(int status, String title, String message, ProviderId retry) {
    super(message);
    this.status = status;
    this.title = title;
    this.retry = retry;
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }

  ProviderId retry() {
    return retry;
  }
}
