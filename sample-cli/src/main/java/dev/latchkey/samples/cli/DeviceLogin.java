package dev.latchkey.samples.cli;

import dev.latchkey.DeviceAuthorization;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Token;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code login --device}: the device authorization grant (RFC 8628). Prints the verification URL
 * (the complete one when the server sends it) alone on a line of stdout and the user code on a
 * line starting {@code User code: }, then waits for approval, at most the timeout.
 */
final class DeviceLogin {
  private DeviceLogin() {
  }

  static Token login(OAuth2Client client, PrintWriter out, PrintWriter err, Duration timeout)
      throws IOException {
    if (client.provider().deviceAuthorizationEndpoint() == null) {
      throw new IllegalArgumentException(client.provider().name() + " has no device"
          + " authorization endpoint; use --issuer with a server that offers the device flow,"
          + " or login without --device");
    }
    DeviceAuthorization device = client.startDeviceAuthorization();
    err.println("To sign in, open this URL on any device and approve:");
    err.flush();
    out.println(device.verificationUriComplete() != null ? device.verificationUriComplete()
        : device.verificationUri());
    out.println("User code: " + TerminalText.line(device.userCode()));
    out.flush();
    AtomicBoolean timedOut = new AtomicBoolean();
    Timer timer = new Timer("latchkey-cli-device-timeout", true);
    timer.schedule(new TimerTask() {
      @Override
      public void run() {
        timedOut.set(true);
        device.cancel();
      }
    }, timeout.toMillis());
    try {
      return client.awaitDeviceToken(device);
    } catch (OAuth2Exception e) {
      if (timedOut.get()) {
        throw new LoginTimeoutException("Nobody approved the device login within "
            + timeout.getSeconds() + " s; run login --device again (or raise --timeout)");
      }
      throw e;
    } finally {
      timer.cancel();
    }
  }
}
