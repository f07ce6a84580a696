package dev.latchkey.micrometer.examples;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.micrometer.MicrometerTokenListener;
import io.micrometer.core.instrument.MeterRegistry;

/** A client whose token lifecycle shows up as meters, without Spring. */
public final class MeteredClient {
  private MeteredClient() {
  }

  public static OAuth2Client orgs(MeterRegistry registry, String baseUrl, String clientId,
      String clientSecret) {
    // snippet:micrometer-listener
    Provider provider = Provider.organizationApiBasic(baseUrl);
    OAuth2Client client = OAuth2Client.builder()
        .provider(provider)
        .clientId(clientId)
        .clientSecret(clientSecret)
        .listener(MicrometerTokenListener.builder(registry, "orgs", provider).build())
        .build();
    // end-snippet
    return client;
  }
}
