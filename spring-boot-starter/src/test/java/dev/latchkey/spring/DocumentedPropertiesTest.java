package dev.latchkey.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Property names are a contract: every property the starter's docs list binds, to the value
 * given, and no documented name is left unbound. A property renamed in code, or documented under
 * a name that does not bind, fails here.
 */
final class DocumentedPropertiesTest {
  private static final Path PAGE = Path.of("..", "docs", "spring-boot.md");
  private static final String CLIENT = "latchkey.clients.orders.";

  /** Each documented property: a value that is not its default, and how to read it back. */
  private static final Map<String, Sample> SAMPLES = new LinkedHashMap<>();

  static {
    client("provider", "standard", ClientProperties::getProvider, "standard");
    client("base-url", "https://orgapi.example.com/", ClientProperties::getBaseUrl,
        "https://orgapi.example.com/");
    client("issuer-uri", "https://id.example.com", ClientProperties::getIssuerUri,
        "https://id.example.com");
    client("token-uri", "https://id.example.com/token", ClientProperties::getTokenUri,
        "https://id.example.com/token");
    client("authorization-uri", "https://id.example.com/authorize",
        ClientProperties::getAuthorizationUri, "https://id.example.com/authorize");
    client("userinfo-uri", "https://id.example.com/userinfo", ClientProperties::getUserinfoUri,
        "https://id.example.com/userinfo");
    client("revocation-uri", "https://id.example.com/revoke",
        ClientProperties::getRevocationUri, "https://id.example.com/revoke");
    client("client-id", "orders-service", ClientProperties::getClientId, "orders-service");
    client("client-secret", "not-a-real-secret", ClientProperties::getClientSecret,
        "not-a-real-secret");
    client("public-client", "true", ClientProperties::isPublicClient, true);
    client("scopes", "organization.read,organization.write", ClientProperties::getScopes,
        List.of("organization.read", "organization.write"));
    client("redirect-uri", "https://app.example.com/cb", ClientProperties::getRedirectUri,
        "https://app.example.com/cb");
    client("renew-before", "2m", ClientProperties::getRenewBefore, Duration.ofMinutes(2));
    client("renewal-timeout", "45s", ClientProperties::getRenewalTimeout,
        Duration.ofSeconds(45));
    client("authorization-request-lifetime", "15m",
        ClientProperties::getAuthorizationRequestLifetime, Duration.ofMinutes(15));
    client("max-retries", "5", ClientProperties::getMaxRetries, 5);
    client("treat-as-expired", "403,419", ClientProperties::getTreatAsExpired, List.of(403, 419));

    store("type", "redis", s -> s.getType(), StoreProperties.StoreType.REDIS);
    store("file.path", "/var/lib/app/tokens.json", s -> s.getFile().getPath(),
        Path.of("/var/lib/app/tokens.json"));
    store("jdbc.table", "app_tokens", s -> s.getJdbc().getTable(), "app_tokens");
    store("jdbc.create-table", "false", s -> s.getJdbc().isCreateTable(), false);
    store("redis.uri", "rediss://cache.example.com:6380/2", s -> s.getRedis().getUri(),
        "rediss://cache.example.com:6380/2");
    store("redis.key-prefix", "orders:", s -> s.getRedis().getKeyPrefix(), "orders:");
  }

  private record Sample(String value, Function<LatchkeyProperties, Object> read,
      Object expected) {
  }

  private static void client(String name, String value, Function<ClientProperties, Object> read,
      Object expected) {
    SAMPLES.put(CLIENT + name,
        new Sample(value, p -> read.apply(p.getClients().get("orders")), expected));
  }

  private static void store(String name, String value, Function<StoreProperties, Object> read,
      Object expected) {
    SAMPLES.put("latchkey.store." + name,
        new Sample(value, p -> read.apply(p.getStore()), expected));
  }

  @Test
  void everyDocumentedPropertyHasASample() throws IOException {
    assertEquals(documented(), new TreeSet<>(SAMPLES.keySet()),
        "docs/spring-boot.md's properties reference and this test's samples differ: a property"
            + " added to one belongs in the other");
  }

  @Test
  void everyDocumentedPropertyBindsToItsValue() throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : documented()) {
      values.put(name, SAMPLES.get(name).value());
    }
    // Fails when a documented name binds to nothing, as a renamed field would leave it.
    BindResult<LatchkeyProperties> bound = new Binder(new MapConfigurationPropertySource(values))
        .bind("latchkey", Bindable.of(LatchkeyProperties.class),
            new NoUnboundElementsBindHandler(BindHandler.DEFAULT));

    LatchkeyProperties properties = bound.get();
    assertEquals(Set.of("orders"), properties.getClients().keySet());
    for (Map.Entry<String, Sample> e : SAMPLES.entrySet()) {
      assertEquals(e.getValue().expected(), e.getValue().read().apply(properties), e.getKey());
    }
  }

  /** The starter binds the clients once more on their own, to register their beans. */
  @Test
  void documentedClientPropertiesBindAsTheBeanRegistrarReadsThem() throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : documented()) {
      if (name.startsWith(CLIENT)) {
        values.put(name, SAMPLES.get(name).value());
      }
    }
    Map<String, ClientProperties> clients = new Binder(
        new MapConfigurationPropertySource(values))
        .bind("latchkey.clients", Bindable.mapOf(String.class, ClientProperties.class),
            new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
        .get();

    LatchkeyProperties properties = new LatchkeyProperties();
    properties.setClients(clients);
    for (Map.Entry<String, Sample> e : SAMPLES.entrySet()) {
      if (e.getKey().startsWith(CLIENT)) {
        assertEquals(e.getValue().expected(), e.getValue().read().apply(properties), e.getKey());
      }
    }
  }

  /** IDEs complete what the generated metadata lists: the documented store properties. */
  @Test
  void generatedMetadataListsTheDocumentedStoreProperties() throws IOException {
    String json;
    try (InputStream in = getClass().getResourceAsStream(
        "/META-INF/spring-configuration-metadata.json")) {
      assertNotNull(in, "the configuration processor made no metadata");
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> listed = new TreeSet<>();
    Matcher name = Pattern.compile("\"name\"\\s*:\\s*\"(latchkey(\\.[^\"]+)?)\"").matcher(json);
    while (name.find()) {
      listed.add(name.group(1));
    }
    Set<String> expected = new TreeSet<>(Set.of("latchkey", "latchkey.clients",
        "latchkey.store", "latchkey.store.file", "latchkey.store.jdbc", "latchkey.store.redis"));
    for (String property : documented()) {
      if (property.startsWith("latchkey.store.")) {
        expected.add(property);
      }
    }
    assertEquals(expected, listed);
  }

  /**
   * Reads the property names from the page's properties reference: each table row's first cell,
   * under the {@code Under `prefix`:} line above its table.
   */
  static Set<String> documented() throws IOException {
    List<String> lines = Files.readAllLines(PAGE, StandardCharsets.UTF_8);
    Pattern under = Pattern.compile("^Under `(latchkey\\.[^`]*)`:");
    Pattern code = Pattern.compile("`([a-z][a-z.-]*)`");
    Set<String> names = new TreeSet<>();
    String prefix = null;
    boolean inReference = false;
    for (String line : lines) {
      if (line.startsWith("### ")) {
        inReference = line.equals("### Properties reference");
        continue;
      }
      if (!inReference) {
        continue;
      }
      Matcher u = under.matcher(line);
      if (u.find()) {
        prefix = u.group(1).replace("<name>", "orders");
      } else if (prefix != null && line.startsWith("| `")) {
        Matcher c = code.matcher(line.substring(1, line.indexOf('|', 1)));
        while (c.find()) {
          names.add(prefix + c.group(1));
        }
      }
    }
    if (names.isEmpty()) {
      throw new AssertionError("no properties reference found in " + PAGE.toAbsolutePath());
    }
    return names;
  }
}
