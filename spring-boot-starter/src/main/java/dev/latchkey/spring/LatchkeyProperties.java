package dev.latchkey.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code latchkey.*} properties: clients by name under {@code latchkey.clients.<name>}
 * ({@link ClientProperties}), and the token store under {@code latchkey.store}
 * ({@link StoreProperties}). Bound by {@link LatchkeyAutoConfiguration}; the build generates
 * their IDE metadata.
 */
@ConfigurationProperties("latchkey")
public final class LatchkeyProperties {
  /** Clients by the app's name for each, which is also their bean qualifier. */
  private Map<String, ClientProperties> clients = new LinkedHashMap<>();
  /** Where sessions keep their tokens. */
  @NestedConfigurationProperty // A top-level class: without this, IDEs would not see its group.
  private StoreProperties store = new StoreProperties();

  /**
   * Returns the clients by the app's name for each, which is also their bean qualifier.
   *
   * @return the value
   */
  public Map<String, ClientProperties> getClients() {
    return clients;
  }

  /**
   * Sets the clients by the app's name for each, which is also their bean qualifier.
   *
   * @param clients the value
   */
  public void setClients(Map<String, ClientProperties> clients) {
    this.clients = clients;
  }

  /**
   * Returns where sessions keep their tokens.
   *
   * @return the value
   */
  public StoreProperties getStore() {
    return store;
  }

  /**
   * Sets where sessions keep their tokens.
   *
   * @param store the value
   */
  public void setStore(StoreProperties store) {
    this.store = store;
  }
}
