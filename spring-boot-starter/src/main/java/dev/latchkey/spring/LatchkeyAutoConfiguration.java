package dev.latchkey.spring;

import dev.latchkey.TokenListener;
import dev.latchkey.TokenStore;
import dev.latchkey.micrometer.MicrometerTokenListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Makes the clients of {@code latchkey.clients.*} with their token store, HTTP client beans,
 * health contributor and meters. See {@link LatchkeyClients} for the beans and
 * {@link LatchkeyProperties} for the properties.
 *
 * <p>A {@link TokenStore} bean of the app's replaces the one {@code latchkey.store.*} describes.
 * A single {@link Clock} bean, if the app has one, is the clients' clock.
 */
@AutoConfiguration
@EnableConfigurationProperties(LatchkeyProperties.class)
@Import(ClientBeansRegistrar.class)
public class LatchkeyAutoConfiguration {
  /** Used by Spring. */
  public LatchkeyAutoConfiguration() {
  }

  /**
   * Returns the token store {@code latchkey.store.type} names; in memory by default.
   *
   * @param properties the bound properties
   * @param dataSource the app's data source, for the JDBC store
   * @return the store
   */
  @Bean
  @ConditionalOnMissingBean
  public TokenStore latchkeyTokenStore(LatchkeyProperties properties,
      ObjectProvider<DataSource> dataSource) {
    return TokenStores.create(properties.getStore(), dataSource);
  }

  /**
   * Returns the configured clients; fails the start-up, naming the property, when one is
   * misconfigured.
   *
   * @param properties the bound properties
   * @param store the token store
   * @param clock the app's clock, if it has exactly one
   * @param meters the meters' listeners, when Micrometer is present
   * @return the clients
   */
  @Bean
  @ConditionalOnMissingBean
  public LatchkeyClients latchkeyClients(LatchkeyProperties properties, TokenStore store,
      ObjectProvider<Clock> clock, ObjectProvider<LatchkeyClients.ListenerFactory> meters) {
    return new LatchkeyClients(properties, store, new OkHttpClient(),
        clock.getIfUnique(Clock::systemUTC),
        meters.getIfAvailable(() -> LatchkeyClients.ListenerFactory.NONE));
  }

  /** The meters, when the app has Micrometer and latchkey-micrometer. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, MicrometerTokenListener.class})
  static class Metrics {
    @Bean
    LatchkeyClients.ListenerFactory latchkeyMeters(ObjectProvider<MeterRegistry> registry) {
      return (name, provider, clock) -> {
        MeterRegistry meters = registry.getIfUnique();
        return meters == null ? new TokenListener() {
        } : MicrometerTokenListener.builder(meters, name, provider).clock(clock).build();
      };
    }
  }

  /** The health contributor {@code latchkey}, with one indicator per client. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthContributor.class)
  static class Health {
    @Bean
    CompositeHealthContributor latchkeyHealthContributor(LatchkeyClients clients) {
      Map<String, HealthContributor> indicators = new LinkedHashMap<>();
      for (String name : clients.names()) {
        indicators.put(name, new LatchkeyHealthIndicator(clients.configured(name)));
      }
      return CompositeHealthContributor.fromMap(indicators);
    }
  }
}
