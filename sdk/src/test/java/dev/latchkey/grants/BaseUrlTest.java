package dev.latchkey.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.Provider;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A built-in provider's base URL works with and without its trailing slash (issue 15). */
final class BaseUrlTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.latchkey.grants.HttpsRuleTest#builtIns")
  void theTrailingSlashIsOptional(String name, Function<String, Provider> factory) {
    Provider withSlash = factory.apply("https://auth.example.com/tenant/");
    Provider withoutSlash = factory.apply("https://auth.example.com/tenant");

    assertEquals(withSlash.tokenEndpoint(), withoutSlash.tokenEndpoint());
    assertEquals(withSlash.authorizationEndpoint(), withoutSlash.authorizationEndpoint());
    assertEquals("/tenant/", withSlash.tokenEndpoint().encodedPath().substring(0, 8));
  }
}
