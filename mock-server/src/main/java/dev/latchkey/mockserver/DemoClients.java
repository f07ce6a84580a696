package dev.latchkey.mockserver;

import java.util.ArrayList;
import java.util.List;

/**
 * The clients every mock server registers at start: one confidential client per provider, and
 * one public client (no secret, PKCE required) for {@code standard}.
 *
 * <p>Every demo client accepts any loopback redirect URI: {@code http://127.0.0.1},
 * {@code http://localhost} or {@code http://[::1]} with any port and any path (RFC 8252 §7.3).
 */
public final class DemoClients {
  /** Ora's demo client id. */
  public static final String ORA_CLIENT_ID = "ora-demo-client";
  /** Ora's demo client secret. */
  public static final String ORA_CLIENT_SECRET = "ora-demo-secret";
  /** Orange Logic's demo client id. */
  public static final String ORANGELOGIC_CLIENT_ID = "orangelogic-demo-client";
  /** Orange Logic's demo client secret. */
  public static final String ORANGELOGIC_CLIENT_SECRET = "orangelogic-demo-secret";
  /** Organization API's demo client id. */
  public static final String ORGAPI_CLIENT_ID = "orgapi-demo-client";
  /** Organization API's demo client secret. */
  public static final String ORGAPI_CLIENT_SECRET = "orgapi-demo-secret";
  /** Orgo's demo client id. */
  public static final String ORGO_CLIENT_ID = "orgo-demo-client";
  /** Orgo's demo client secret. */
  public static final String ORGO_CLIENT_SECRET = "orgo-demo-secret";
  /** Onna's demo client id. */
  public static final String ONNA_CLIENT_ID = "onna-demo-client";
  /** Onna's demo client secret. */
  public static final String ONNA_CLIENT_SECRET = "onna-demo-secret";
  /** The standard provider's confidential demo client id. */
  public static final String STANDARD_CLIENT_ID = "standard-demo-client";
  /** The standard provider's confidential demo client secret. */
  public static final String STANDARD_CLIENT_SECRET = "standard-demo-secret";
  /** The standard provider's public demo client id: no secret, PKCE S256 required. */
  public static final String STANDARD_PUBLIC_CLIENT_ID = "standard-public-client";

  /** Ora's confidential demo client. */
  public static final DemoClient ORA =
      new DemoClient("ora", ORA_CLIENT_ID, ORA_CLIENT_SECRET, "Ora Demo App");
  /** Orange Logic's confidential demo client. */
  public static final DemoClient ORANGELOGIC = new DemoClient("orangelogic",
      ORANGELOGIC_CLIENT_ID, ORANGELOGIC_CLIENT_SECRET, "Orange Logic Demo App");
  /** Organization API's confidential demo client. */
  public static final DemoClient ORGAPI =
      new DemoClient("orgapi", ORGAPI_CLIENT_ID, ORGAPI_CLIENT_SECRET, "Organization API Demo App");
  /** Orgo's confidential demo client. */
  public static final DemoClient ORGO =
      new DemoClient("orgo", ORGO_CLIENT_ID, ORGO_CLIENT_SECRET, "Orgo Demo App");
  /** Onna's confidential demo client. */
  public static final DemoClient ONNA =
      new DemoClient("onna", ONNA_CLIENT_ID, ONNA_CLIENT_SECRET, "Onna Demo App");
  /** The standard provider's confidential demo client. */
  public static final DemoClient STANDARD = new DemoClient(
      "standard", STANDARD_CLIENT_ID, STANDARD_CLIENT_SECRET, "Standard Demo App");
  /** The standard provider's public demo client (no secret; PKCE S256 required). */
  public static final DemoClient STANDARD_PUBLIC =
      new DemoClient("standard", STANDARD_PUBLIC_CLIENT_ID, null, "Standard Public Demo App");

  private DemoClients() {
  }

  /** {@return every demo client, confidential ones first in provider order} */
  public static List<DemoClient> all() {
    return List.of(ORA, ORANGELOGIC, ORGAPI, ORGO, ONNA, STANDARD, STANDARD_PUBLIC);
  }

  /**
   * Returns the confidential demo client of {@code provider}.
   *
   * @param provider a path prefix: {@code ora}, {@code orangelogic}, {@code orgapi},
   *     {@code orgo}, {@code onna} or {@code standard}
   * @return the provider's confidential demo client
   * @throws IllegalArgumentException if the provider is unknown
   */
  public static DemoClient forProvider(String provider) {
    return of(MockProvider.builtIn(provider)).get(0);
  }

  /**
   * Returns the demo clients of {@code provider}, confidential first. A provider of your own
   * gets {@code ID-demo-client} with secret {@code ID-demo-secret}.
   *
   * @param provider a built-in or your own provider
   * @return its demo clients
   */
  public static List<DemoClient> of(MockProvider provider) {
    List<DemoClient> result = new ArrayList<>();
    for (DemoClient c : all()) {
      if (c.provider().equals(provider.id) && MockProvider.builtIns().contains(provider)) {
        result.add(c);
      }
    }
    if (result.isEmpty()) {
      result.add(new DemoClient(provider.id, provider.id + "-demo-client",
          provider.id + "-demo-secret", provider.displayName + " Demo App"));
    }
    return result;
  }
}
