package dev.latchkey.mockserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the shaded jar the way the docs say: {@code java -jar latchkey-mock-server.jar}. */
class MainJarIT {
  @Test void runnableJarStartsAndServesPrintedEndpoints() throws Exception {
    Path jar = Path.of("target", "latchkey-mock-server.jar");
    if (!Files.exists(jar)) throw new AssertionError("missing " + jar.toAbsolutePath());
    MainTest.assertServesPrintedEndpoints(List.of("-jar", jar.toString()));
  }
}
