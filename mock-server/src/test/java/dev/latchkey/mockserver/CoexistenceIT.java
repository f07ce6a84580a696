package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.mockserver.coexistence.OkHttp4App;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The installed jar brings nothing that can clash: its OkHttp, mockwebserver3, okio, Moshi and
 * Kotlin are relocated inside it, its pom names none of them, and an app on OkHttp 4.12 tests
 * with it.
 */
class CoexistenceIT {
  static final Path TARGET = Path.of("target");

  static Path jar(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(TARGET)) {
      return files.filter(p -> p.getFileName().toString().matches(
          "latchkey-mock-server-[0-9][^/]*" + suffix + "\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no latchkey-mock-server-*" + suffix + ".jar"));
    }
  }

  @Test void everyClassInTheJarIsOursOrRelocatedUnderOurPackage() throws IOException {
    List<String> foreign = new ArrayList<>();
    int relocated = 0;
    try (ZipFile zip = new ZipFile(jar("").toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        String name = e.getName().replaceFirst("^META-INF/versions/\\d+/", "");
        if (!name.endsWith(".class")) continue;
        if (!name.startsWith("dev/latchkey/mockserver/")) foreign.add(e.getName());
        if (name.startsWith("dev/latchkey/mockserver/internal/okhttp3/")) relocated++;
      }
    }
    assertEquals(List.of(), foreign);
    assertTrue(relocated > 100, "relocated OkHttp classes: " + relocated);
  }

  @Test void theInstalledPomNamesNoneOfTheRelocatedDependencies() throws IOException {
    String pom = Files.readString(Path.of("dependency-reduced-pom.xml"));
    pom = pom.substring(pom.indexOf("<dependencies>"), pom.indexOf("</dependencies>"));
    // Test-scoped dependencies (JUnit, okhttp-tls for test certificates) never reach users.
    pom = pom.replaceAll("(?s)<dependency>(?:(?!</dependency>).)*<scope>test</scope>"
        + "(?:(?!</dependency>).)*</dependency>", "");
    for (String name : List.of("okhttp", "mockwebserver", "okio", "moshi", "kotlin", "nimbus")) {
      assertFalse(pom.contains("<artifactId>" + name), name + " in\n" + pom);
      assertFalse(pom.contains("<groupId>com.squareup"), pom);
      assertFalse(pom.contains("<groupId>com.nimbusds"), pom);
    }
    assertTrue(pom.contains("<artifactId>junit-jupiter-api</artifactId>"), pom);
  }

  @Test void anAppOnOkHttp4TestsWithIt() throws Exception {
    List<String> classpath = new ArrayList<>();
    classpath.add(jar("").toString());
    classpath.add(Path.of(OkHttp4App.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toString());
    try (Stream<Path> okhttp4 = Files.list(TARGET.resolve("okhttp4"))) {
      okhttp4.forEach(p -> classpath.add(p.toString()));
    }
    String output = ChildJvm.run(List.of("-cp",
        String.join(File.pathSeparator, classpath), OkHttp4App.class.getName()));
    assertTrue(output.contains("okhttp 4.12.0 token 200"), output);
  }

  @Test void theStandaloneJarRuns() throws Exception {
    String output = ChildJvm.run(List.of("-jar", jar("-standalone").toString(), "--help"));
    assertTrue(output.startsWith("Usage: java -jar latchkey-mock-server.jar"), output);
  }
}
