package dev.latchkey.store.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the Java blocks of docs/fleet.md identical to example sources that compile and run in the
 * store modules' tests. The SDK's DocsSnippetsTest reads examples from the sdk module only, so a
 * page block taken from a store module is marked {@code <!-- store-snippet: NAME -->} above an
 * unlabelled fence, and its region is {@code // snippet:NAME} ... {@code // end-snippet} in the
 * module's examples, as in the SDK.
 */
public final class StoreSnippets {
  private static final Pattern REGION_START = Pattern.compile("^(\\s*)// snippet:([A-Za-z0-9_.-]+)\\s*$");
  private static final Pattern REGION_END = Pattern.compile("^\\s*// end-snippet\\s*$");
  private static final Pattern MARKER =
      Pattern.compile("^<!-- store-snippet: ([A-Za-z0-9_.-]+) -->\\s*$");

  private StoreSnippets() {
  }

  /** Returns the repository's docs/fleet.md, from a module directory (Surefire's working dir). */
  public static Path fleetPage() {
    Path page = Path.of("..", "docs", "fleet.md").toAbsolutePath().normalize();
    if (!Files.isRegularFile(page)) {
      fail("Cannot find docs/fleet.md at " + page);
    }
    return page;
  }

  /**
   * Fails unless each of {@code names} is marked on {@code page} and its block equals the region
   * of that name in {@code source}, with the expected block in the message.
   */
  public static void assertDocumented(Path page, Path source, String... names) throws IOException {
    Map<String, String> regions = regions(Files.readAllLines(source, StandardCharsets.UTF_8));
    Map<String, String> blocks = blocks(Files.readAllLines(page, StandardCharsets.UTF_8));
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      String region = regions.get(name);
      String block = blocks.get(name);
      if (region == null) {
        problems.add(source + " has no region // snippet:" + name);
      } else if (block == null) {
        problems.add(page + " has no <!-- store-snippet: " + name + " --> above a fenced block");
      } else if (!region.equals(block)) {
        problems.add(page + ": the block " + name + " differs from " + source.getFileName()
            + "; it should read:\n```\n" + region + "```");
      }
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n\n", problems));
    }
  }

  private static Map<String, String> regions(List<String> lines) {
    Map<String, String> regions = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher start = REGION_START.matcher(lines.get(i));
      if (!start.matches()) {
        continue;
      }
      int indent = start.group(1).length();
      StringBuilder region = new StringBuilder();
      for (i++; i < lines.size() && !REGION_END.matcher(lines.get(i)).matches(); i++) {
        String line = lines.get(i);
        region.append(line.length() >= indent ? line.substring(indent) : line.strip())
            .append('\n');
      }
      regions.put(start.group(2), region.toString());
    }
    return regions;
  }

  private static Map<String, String> blocks(List<String> lines) {
    Map<String, String> blocks = new LinkedHashMap<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      Matcher marker = MARKER.matcher(lines.get(i));
      if (!marker.matches() || !lines.get(i + 1).equals("```")) {
        continue;
      }
      StringBuilder block = new StringBuilder();
      for (i += 2; i < lines.size() && !lines.get(i).equals("```"); i++) {
        block.append(lines.get(i)).append('\n');
      }
      blocks.put(marker.group(1), block.toString());
    }
    return blocks;
  }
}
