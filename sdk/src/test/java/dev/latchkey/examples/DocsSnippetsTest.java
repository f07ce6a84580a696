package dev.latchkey.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the code in README.md and docs/*.md identical to the example sources in this package,
 * which compile and run in the test suite. See CONTRIBUTING.md, "Documentation".
 *
 * <p>In the markdown, a snippet is a marker comment followed at once by a fenced block:
 *
 * <pre>
 * &lt;!-- snippet: NAME --&gt;
 * ```java
 * ...the region, de-indented...
 * ```
 * </pre>
 *
 * In the Java sources, the region is the lines between {@code // snippet:NAME} and
 * {@code // end-snippet}. Run with {@code -Dlatchkey.updateSnippets=true} to rewrite every marked
 * block from its region instead of failing.
 */
final class DocsSnippetsTest {
  static final String UPDATE_PROPERTY = "latchkey.updateSnippets";
  /** Where regions come from: this package, and the examples of modules the sdk cannot see. */
  static final List<String> EXAMPLE_DIRS = List.of("sdk/src/test/java/dev/latchkey/examples",
      "micrometer/src/test/java/dev/latchkey/micrometer/examples",
      "spring-boot-starter/src/test/java/dev/latchkey/spring/examples",
      "oidc/src/test/java/dev/latchkey/oidc/examples",
      "mock-server/src/test/java/dev/latchkey/mockserver/examples",
      "docs-examples/src/test/java/dev/latchkey/docs/examples");

  private static final Pattern REGION_START = Pattern.compile("^\\s*// snippet:([A-Za-z0-9_.-]+)\\s*$");
  private static final Pattern REGION_END = Pattern.compile("^\\s*// end-snippet\\s*$");
  private static final Pattern MARKER =
      Pattern.compile("^<!-- snippet: ([A-Za-z0-9_.-]+) -->\\s*$");
  private static final Pattern FENCE_OPEN = Pattern.compile("^```(\\S*)\\s*$");
  /**
   * What SDK usage looks like in a code block: a public SDK type, a built-in provider, or an
   * import from the SDK's package. A ```java block that matches must be a snippet; others (the
   * mock server's own API, plain JDK code) may be written by hand.
   */
  private static final Pattern SDK_USAGE = Pattern.compile("\\b(OAuth2Client|TokenSession|TokenStore"
      + "|TokenListener|AuthorizationRequest|Dialect|Token|ErrorCode|OAuth2Exception"
      + "|TokenEndpointException|AuthorizationDeniedException|InvalidCallbackException"
      + "|MalformedResponseException|ReauthorizationRequiredException)\\b"
      + "|\\bProvider\\.(ora|orangeLogic|organizationApi\\w*|orgo|onna|standard|discover|builder)\\b"
      + "|import dev\\.latchkey\\.(?!mockserver)");
  /** A markdown link to a relative .md file: [text](path.md) or [text](path.md#anchor). */
  private static final Pattern MD_LINK = Pattern.compile("\\]\\(([^):#\\s]+\\.md)(#[^)\\s]*)?\\)");
  /** Pages other issues write; linked before they exist. */
  private static final Set<String> PAGES_WRITTEN_ELSEWHERE =
      Set.of("docs/mock-server.md", "docs/performance.md", "docs/reliability.md");

  @Test
  void everySnippetInTheDocsMatchesItsCompiledRegion() throws IOException {
    Path root = repositoryRoot();
    Map<String, String> regions = new LinkedHashMap<>();
    for (String dir : EXAMPLE_DIRS) {
      if (Files.isDirectory(root.resolve(dir))) {
        regions.putAll(regions(root.resolve(dir)));
      }
    }
    boolean update = Boolean.getBoolean(UPDATE_PROPERTY);
    List<String> problems = new ArrayList<>();
    for (Path page : markdownPages(root)) {
      String relative = root.relativize(page).toString().replace('\\', '/');
      List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
      List<String> rewritten = check(relative, lines, regions, update ? new ArrayList<>() : problems,
          problems);
      if (update && !rewritten.equals(lines)) {
        Files.write(page, (String.join("\n", rewritten) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " documentation snippet problem(s)"
          + (update ? " that -D" + UPDATE_PROPERTY + "=true cannot fix" : "; run `mvn -pl sdk test"
              + " -Dtest=DocsSnippetsTest -D" + UPDATE_PROPERTY + "=true` to rewrite the blocks")
          + ":\n\n" + String.join("\n\n", problems));
    }
  }

  @Test
  void relativeLinksBetweenPagesResolve() throws IOException {
    Path root = repositoryRoot();
    List<String> broken = new ArrayList<>();
    for (Path page : markdownPages(root)) {
      String text = new String(Files.readAllBytes(page), StandardCharsets.UTF_8);
      Matcher m = MD_LINK.matcher(text);
      while (m.find()) {
        Path target = page.getParent().resolve(m.group(1)).normalize();
        String relative = root.relativize(target).toString().replace('\\', '/');
        String where = root.relativize(page) + " links to " + relative
            + (m.group(2) == null ? "" : m.group(2));
        if (!Files.exists(target)) {
          if (!PAGES_WRITTEN_ELSEWHERE.contains(relative)) {
            broken.add(where + ", which does not exist");
          }
        } else if (m.group(2) != null && !anchors(target).contains(m.group(2).substring(1))) {
          broken.add(where + ", but that page has no such heading; it has "
              + anchors(target));
        }
      }
    }
    assertTrue(broken.isEmpty(), String.join("\n", broken));
  }

  @Test
  void anchorsAreGitHubSlugs() {
    assertEquals("query-parameters-and-why-they-are-less-safe",
        slug("Query parameters, and why they are less safe"));
    assertEquals("invalid_grant", slug("`invalid_grant`"));
    assertEquals("1-install", slug("1. Install"));
  }

  /** Returns the anchors GitHub gives the headings of {@code page}. */
  static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new TreeSet<>();
    boolean inFence = false;
    for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
      if (line.startsWith("```")) {
        inFence = !inFence;
      } else if (!inFence && line.startsWith("#")) {
        anchors.add(slug(line.replaceFirst("^#+\\s*", "")));
      }
    }
    return anchors;
  }

  static String slug(String heading) {
    return heading.trim().toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z0-9 _-]", "")
        .replace(' ', '-');
  }

  @Test
  void regionsAreDeindentedAndTrimmed() {
    Map<String, String> regions = new LinkedHashMap<>();
    parseRegions("Example.java", Arrays.asList(
        "class Example {",
        "  void run() {",
        "    // snippet:demo",
        "    if (ready) {   ",
        "",
        "      go();",
        "    }",
        "    // end-snippet",
        "  }",
        "}"), regions);
    assertEquals("if (ready) {\n\n  go();\n}", regions.get("demo"));
  }

  @Test
  void unknownSnippetNameFailsAndNamesTheKnownOnes() {
    List<String> problems = new ArrayList<>();
    check("docs/x.md", Arrays.asList("<!-- snippet: nope -->", "```java", "x();", "```"),
        Map.of("yes", "x();"), problems);
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains("unknown snippet \"nope\""), problems.get(0));
    assertTrue(problems.get(0).contains("yes"), problems.get(0));
  }

  @Test
  void mismatchShowsTheExpectedTextAndUpdateRewritesIt() {
    List<String> problems = new ArrayList<>();
    List<String> page = Arrays.asList("intro", "<!-- snippet: demo -->", "```java", "old();",
        "```", "outro");
    List<String> rewritten = check("docs/x.md", page, Map.of("demo", "fresh();\nmore();"),
        problems);
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains("docs/x.md:2"), problems.get(0));
    assertTrue(problems.get(0).contains("```java\nfresh();\nmore();\n```"), problems.get(0));
    assertEquals(Arrays.asList("intro", "<!-- snippet: demo -->", "```java", "fresh();",
        "more();", "```", "outro"), rewritten);
  }

  @Test
  void javaBlockUsingTheSdkWithoutMarkerFails() {
    List<String> problems = new ArrayList<>();
    check("README.md", Arrays.asList("```java", "Token t = null;", "```", "```java",
        "MockAuthServer server = MockAuthServer.builder().build();", "```"), Map.of(), problems);
    assertEquals(1, problems.size(), "only SDK usage needs a marker: " + problems);
    assertTrue(problems.get(0).contains("README.md:1"), problems.get(0));
  }

  @Test
  void markerWithoutFencedBlockFails() {
    List<String> problems = new ArrayList<>();
    check("docs/x.md", Arrays.asList("<!-- snippet: demo -->", "", "```java", "Token x;", "```"),
        Map.of("demo", "Token x;"), problems);
    assertTrue(problems.get(0).contains("must be followed at once"), problems.get(0));
    assertTrue(problems.get(1).contains("has no snippet marker"), problems.get(1));
  }

  @Test
  void unclosedRegionFails() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> parseRegions(
        "Example.java", Arrays.asList("// snippet:demo", "x();"), new LinkedHashMap<>()));
    assertTrue(e.getMessage().contains("Example.java:1"), e.getMessage());
  }

  @Test
  void trailingWhitespaceIsIgnored() {
    List<String> problems = new ArrayList<>();
    check("docs/x.md", Arrays.asList("<!-- snippet: demo -->", "```java", "x();   ", "```"),
        Map.of("demo", "x();"), problems);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /**
   * Finds the repository root: Maven runs the tests with the sdk module as working directory,
   * an IDE may use the root itself.
   */
  static Path repositoryRoot() {
    for (Path candidate : new Path[] {Paths.get(".."), Paths.get(".")}) {
      Path root = candidate.toAbsolutePath().normalize();
      if (Files.isRegularFile(root.resolve("pom.xml")) && Files.isRegularFile(root.resolve("README.md"))
          && Files.isDirectory(root.resolve("sdk/src/test/java/dev/latchkey/examples"))) {
        return root;
      }
    }
    throw new IllegalStateException("Cannot find the repository root (pom.xml, README.md and"
        + " sdk/) from " + Paths.get("").toAbsolutePath() + "; run the tests from the sdk module"
        + " or the root");
  }

  static List<Path> markdownPages(Path root) throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    Path contributing = root.resolve("CONTRIBUTING.md");
    if (Files.exists(contributing)) {
      pages.add(contributing);
    }
    Path docs = root.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> files = Files.list(docs)) {
        pages.addAll(files.filter(p -> p.toString().endsWith(".md")).sorted()
            .collect(Collectors.toList()));
      }
    }
    return pages;
  }

  /** Reads every {@code // snippet:NAME} region of the .java files under {@code dir}. */
  static Map<String, String> regions(Path dir) throws IOException {
    Map<String, String> regions = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted()
          .collect(Collectors.toList())) {
        parseRegions(file.getFileName().toString(),
            Files.readAllLines(file, StandardCharsets.UTF_8), regions);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return regions;
  }

  static void parseRegions(String file, List<String> lines, Map<String, String> regions) {
    String name = null;
    int start = 0;
    List<String> body = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher open = REGION_START.matcher(line);
      if (open.matches()) {
        if (name != null) {
          throw new IllegalStateException(file + ":" + (i + 1) + ": snippet \"" + open.group(1)
              + "\" starts inside snippet \"" + name + "\" (line " + start + "); close it first");
        }
        name = open.group(1);
        start = i + 1;
        body.clear();
      } else if (REGION_END.matcher(line).matches()) {
        if (name == null) {
          throw new IllegalStateException(file + ":" + (i + 1) + ": end-snippet without snippet");
        }
        if (regions.put(name, normalize(body)) != null) {
          throw new IllegalStateException(file + ":" + start + ": snippet \"" + name
              + "\" is defined twice; names are global to the examples package");
        }
        name = null;
      } else if (name != null) {
        body.add(line);
      }
    }
    if (name != null) {
      throw new IllegalStateException(file + ":" + start + ": snippet \"" + name
          + "\" has no // end-snippet");
    }
  }

  /** Strips trailing whitespace and blank edge lines, and removes the common indentation. */
  static String normalize(List<String> lines) {
    List<String> stripped = new ArrayList<>();
    for (String line : lines) {
      stripped.add(line.replaceAll("\\s+$", ""));
    }
    while (!stripped.isEmpty() && stripped.get(0).isEmpty()) {
      stripped.remove(0);
    }
    while (!stripped.isEmpty() && stripped.get(stripped.size() - 1).isEmpty()) {
      stripped.remove(stripped.size() - 1);
    }
    int indent = Integer.MAX_VALUE;
    for (String line : stripped) {
      if (!line.isEmpty()) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
          n++;
        }
        indent = Math.min(indent, n);
      }
    }
    List<String> out = new ArrayList<>();
    for (String line : stripped) {
      out.add(line.isEmpty() ? line : line.substring(indent));
    }
    return String.join("\n", out);
  }

  /**
   * Checks one page: each marker's block against its region, and that no java block lacks a
   * marker. Returns the page with every marked block replaced by its region.
   */
  static List<String> check(String page, List<String> lines, Map<String, String> regions,
      List<String> problems) {
    return check(page, lines, regions, problems, problems);
  }

  /** As above; differences go to {@code mismatches}, which update mode does not report. */
  static List<String> check(String page, List<String> lines, Map<String, String> regions,
      List<String> mismatches, List<String> problems) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      Matcher marker = MARKER.matcher(line);
      Matcher fence = FENCE_OPEN.matcher(line);
      if (fence.matches()) {
        // An unmarked fenced block: pass it through, but SDK code must come from a region.
        int close = closingFence(lines, i + 1);
        if (fence.group(1).equals("java")
            && SDK_USAGE.matcher(String.join("\n", lines.subList(i + 1, close))).find()) {
          problems.add(page + ":" + (i + 1) + ": a ```java block that uses the SDK has no snippet"
              + " marker; put the code in sdk/src/test/java/dev/latchkey/examples between"
              + " // snippet:NAME and // end-snippet, and write <!-- snippet: NAME --> above the"
              + " block");
        }
        out.addAll(lines.subList(i, close + 1));
        i = close + 1;
        continue;
      }
      out.add(line);
      i++;
      if (!marker.matches()) {
        continue;
      }
      String name = marker.group(1);
      int markerLine = i;
      if (i >= lines.size() || !FENCE_OPEN.matcher(lines.get(i)).matches()) {
        problems.add(page + ":" + markerLine + ": the marker of snippet \"" + name + "\" must be"
            + " followed at once by a fenced block (```java)");
        continue;
      }
      int close = closingFence(lines, i + 1);
      String shown = normalize(lines.subList(i + 1, close));
      String expected = regions.get(name);
      if (expected == null) {
        problems.add(page + ":" + markerLine + ": unknown snippet \"" + name + "\"; known: "
            + new TreeSet<>(regions.keySet()));
        out.addAll(lines.subList(i, close + 1));
      } else {
        if (!expected.equals(shown)) {
          mismatches.add(page + ":" + markerLine + ": snippet \"" + name + "\" differs from its"
              + " region. Expected block:\n```java\n" + expected + "\n```");
        }
        out.add("```java");
        out.addAll(Arrays.asList(expected.split("\n", -1)));
        out.add("```");
      }
      i = close + 1;
    }
    return out;
  }

  private static int closingFence(List<String> lines, int from) {
    for (int j = from; j < lines.size(); j++) {
      if (lines.get(j).trim().equals("```")) {
        return j;
      }
    }
    return lines.size() - 1; // Unclosed: treat the rest of the page as the block.
  }
}
