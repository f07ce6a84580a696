package dev.latchkey.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code latchkey.*} properties: clients by name under {@code latchkey.clients.<name>}, and
 * the token store under {@code latchkey.store}. Bound by {@link LatchkeyAutoConfiguration}; the
 * build generates their IDE metadata.
 */
@ConfigurationProperties("latchkey")
public final class LatchkeyProperties {
  /** Clients by the app's name for each, which is also their bean qualifier. */
  private Map<String, Client> clients = new LinkedHashMap<>();
  /** Where sessions keep their tokens. */
  private Store store = new Store();

  /**
   * Returns the clients by the app's name for each, which is also their bean qualifier.
   *
   * @return the value
   */
  public Map<String, Client> getClients() {
    return clients;
  }

  /**
   * Sets the clients by the app's name for each, which is also their bean qualifier.
   *
   * @param clients the value
   */
  public void setClients(Map<String, Client> clients) {
    this.clients = clients;
  }

  /**
   * Returns the where sessions keep their tokens.
   *
   * @return the value
   */
  public Store getStore() {
    return store;
  }

  /**
   * Sets the where sessions keep their tokens.
   *
   * @param store the value
   */
  public void setStore(Store store) {
    this.store = store;
  }

  /** One OAuth2 client: {@code latchkey.clients.<name>.*}. */
  public static final class Client {
    /** Provider: a built-in name (ora, orangelogic, orgapi-basic, orgapi-query, orgo, onna), standard (with the endpoint URIs) or issuer (discovery from issuer-uri). */
    private String provider;
    /** Base URL of a built-in provider's server, such as https://ora.example.com/; Onna defaults to its public server. */
    private String baseUrl;
    /** Issuer whose metadata lists the endpoints, for provider issuer. */
    private String issuerUri;
    /** Authorization endpoint URI, for provider standard. */
    private String authorizationUri;
    /** Token endpoint URI, for provider standard. */
    private String tokenUri;
    /** Userinfo endpoint URI, for provider standard. */
    private String userinfoUri;
    /** Revocation endpoint URI (RFC 7009), for provider standard. */
    private String revocationUri;
    /** Client id the provider issued. */
    private String clientId;
    /** Client secret; required unless public-client is true. Never logged or shown. */
    private String clientSecret;
    /** Whether this is a public client without a secret (PKCE only), allowed for standard and issuer providers. */
    private boolean publicClient = false;
    /** Default scopes of authorization requests and of the application's token. */
    private List<String> scopes = new ArrayList<>();
    /** Redirect URI of the authorization-code flow, exactly as registered. */
    private String redirectUri;
    /** How long before expiry a token is renewed in the background, at most (default 60s). */
    private Duration renewBefore;
    /** How long a caller waits for a renewal that another thread or instance runs (default 30s). */
    private Duration renewalTimeout;
    /** How long an authorization request is accepted (default 10m). */
    private Duration authorizationRequestLifetime;
    /** How often a failed client_credentials or refresh request is retried (default 2). */
    private Integer maxRetries;
    /** HTTP statuses besides 401 that mean an expired token at the provider's APIs, such as 403. */
    private List<Integer> treatAsExpired = new ArrayList<>();

    /**
     * Returns the provider: a built-in name (ora, orangelogic, orgapi-basic, orgapi-query, orgo, onna), standard (with the endpoint URIs) or issuer (discovery from issuer-uri).
     *
     * @return the value
     */
    public String getProvider() {
      return provider;
    }

    /**
     * Sets the provider: a built-in name (ora, orangelogic, orgapi-basic, orgapi-query, orgo, onna), standard (with the endpoint URIs) or issuer (discovery from issuer-uri).
     *
     * @param provider the value
     */
    public void setProvider(String provider) {
      this.provider = provider;
    }

    /**
     * Returns the base URL of a built-in provider's server, such as https://ora.example.com/; Onna defaults to its public server.
     *
     * @return the value
     */
    public String getBaseUrl() {
      return baseUrl;
    }

    /**
     * Sets the base URL of a built-in provider's server, such as https://ora.example.com/; Onna defaults to its public server.
     *
     * @param baseUrl the value
     */
    public void setBaseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /**
     * Returns the issuer whose metadata lists the endpoints, for provider issuer.
     *
     * @return the value
     */
    public String getIssuerUri() {
      return issuerUri;
    }

    /**
     * Sets the issuer whose metadata lists the endpoints, for provider issuer.
     *
     * @param issuerUri the value
     */
    public void setIssuerUri(String issuerUri) {
      this.issuerUri = issuerUri;
    }

    /**
     * Returns the authorization endpoint URI, for provider standard.
     *
     * @return the value
     */
    public String getAuthorizationUri() {
      return authorizationUri;
    }

    /**
     * Sets the authorization endpoint URI, for provider standard.
     *
     * @param authorizationUri the value
     */
    public void setAuthorizationUri(String authorizationUri) {
      this.authorizationUri = authorizationUri;
    }

    /**
     * Returns the token endpoint URI, for provider standard.
     *
     * @return the value
     */
    public String getTokenUri() {
      return tokenUri;
    }

    /**
     * Sets the token endpoint URI, for provider standard.
     *
     * @param tokenUri the value
     */
    public void setTokenUri(String tokenUri) {
      this.tokenUri = tokenUri;
    }

    /**
     * Returns the userinfo endpoint URI, for provider standard.
     *
     * @return the value
     */
    public String getUserinfoUri() {
      return userinfoUri;
    }

    /**
     * Sets the userinfo endpoint URI, for provider standard.
     *
     * @param userinfoUri the value
     */
    public void setUserinfoUri(String userinfoUri) {
      this.userinfoUri = userinfoUri;
    }

    /**
     * Returns the revocation endpoint URI (RFC 7009), for provider standard.
     *
     * @return the value
     */
    public String getRevocationUri() {
      return revocationUri;
    }

    /**
     * Sets the revocation endpoint URI (RFC 7009), for provider standard.
     *
     * @param revocationUri the value
     */
    public void setRevocationUri(String revocationUri) {
      this.revocationUri = revocationUri;
    }

    /**
     * Returns the client id the provider issued.
     *
     * @return the value
     */
    public String getClientId() {
      return clientId;
    }

    /**
     * Sets the client id the provider issued.
     *
     * @param clientId the value
     */
    public void setClientId(String clientId) {
      this.clientId = clientId;
    }

    /**
     * Returns the client secret; required unless public-client is true. Never logged or shown.
     *
     * @return the value
     */
    public String getClientSecret() {
      return clientSecret;
    }

    /**
     * Sets the client secret; required unless public-client is true. Never logged or shown.
     *
     * @param clientSecret the value
     */
    public void setClientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
    }

    /**
     * Returns the whether this is a public client without a secret (PKCE only), allowed for standard and issuer providers.
     *
     * @return the value
     */
    public boolean isPublicClient() {
      return publicClient;
    }

    /**
     * Sets the whether this is a public client without a secret (PKCE only), allowed for standard and issuer providers.
     *
     * @param publicClient the value
     */
    public void setPublicClient(boolean publicClient) {
      this.publicClient = publicClient;
    }

    /**
     * Returns the default scopes of authorization requests and of the application's token.
     *
     * @return the value
     */
    public List<String> getScopes() {
      return scopes;
    }

    /**
     * Sets the default scopes of authorization requests and of the application's token.
     *
     * @param scopes the value
     */
    public void setScopes(List<String> scopes) {
      this.scopes = scopes;
    }

    /**
     * Returns the redirect URI of the authorization-code flow, exactly as registered.
     *
     * @return the value
     */
    public String getRedirectUri() {
      return redirectUri;
    }

    /**
     * Sets the redirect URI of the authorization-code flow, exactly as registered.
     *
     * @param redirectUri the value
     */
    public void setRedirectUri(String redirectUri) {
      this.redirectUri = redirectUri;
    }

    /**
     * Returns the how long before expiry a token is renewed in the background, at most (default 60s).
     *
     * @return the value
     */
    public Duration getRenewBefore() {
      return renewBefore;
    }

    /**
     * Sets the how long before expiry a token is renewed in the background, at most (default 60s).
     *
     * @param renewBefore the value
     */
    public void setRenewBefore(Duration renewBefore) {
      this.renewBefore = renewBefore;
    }

    /**
     * Returns the how long a caller waits for a renewal that another thread or instance runs (default 30s).
     *
     * @return the value
     */
    public Duration getRenewalTimeout() {
      return renewalTimeout;
    }

    /**
     * Sets the how long a caller waits for a renewal that another thread or instance runs (default 30s).
     *
     * @param renewalTimeout the value
     */
    public void setRenewalTimeout(Duration renewalTimeout) {
      this.renewalTimeout = renewalTimeout;
    }

    /**
     * Returns the how long an authorization request is accepted (default 10m).
     *
     * @return the value
     */
    public Duration getAuthorizationRequestLifetime() {
      return authorizationRequestLifetime;
    }

    /**
     * Sets the how long an authorization request is accepted (default 10m).
     *
     * @param authorizationRequestLifetime the value
     */
    public void setAuthorizationRequestLifetime(Duration authorizationRequestLifetime) {
      this.authorizationRequestLifetime = authorizationRequestLifetime;
    }

    /**
     * Returns the how often a failed client_credentials or refresh request is retried (default 2).
     *
     * @return the value
     */
    public Integer getMaxRetries() {
      return maxRetries;
    }

    /**
     * Sets the how often a failed client_credentials or refresh request is retried (default 2).
     *
     * @param maxRetries the value
     */
    public void setMaxRetries(Integer maxRetries) {
      this.maxRetries = maxRetries;
    }

    /**
     * Returns the hTTP statuses besides 401 that mean an expired token at the provider's APIs, such as 403.
     *
     * @return the value
     */
    public List<Integer> getTreatAsExpired() {
      return treatAsExpired;
    }

    /**
     * Sets the hTTP statuses besides 401 that mean an expired token at the provider's APIs, such as 403.
     *
     * @param treatAsExpired the value
     */
    public void setTreatAsExpired(List<Integer> treatAsExpired) {
      this.treatAsExpired = treatAsExpired;
    }
  }

  /** The token store: {@code latchkey.store.*}. */
  public static final class Store {
    /** Kind of token store. */
    private StoreType type = StoreType.MEMORY;
    /** Settings of the file store. */
    private FileStore file = new FileStore();
    /** Settings of the JDBC store. */
    private JdbcStore jdbc = new JdbcStore();
    /** Settings of the Redis store. */
    private RedisStore redis = new RedisStore();

    /**
     * Returns the kind of token store.
     *
     * @return the value
     */
    public StoreType getType() {
      return type;
    }

    /**
     * Sets the kind of token store.
     *
     * @param type the value
     */
    public void setType(StoreType type) {
      this.type = type;
    }

    /**
     * Returns the settings of the file store.
     *
     * @return the value
     */
    public FileStore getFile() {
      return file;
    }

    /**
     * Sets the settings of the file store.
     *
     * @param file the value
     */
    public void setFile(FileStore file) {
      this.file = file;
    }

    /**
     * Returns the settings of the JDBC store.
     *
     * @return the value
     */
    public JdbcStore getJdbc() {
      return jdbc;
    }

    /**
     * Sets the settings of the JDBC store.
     *
     * @param jdbc the value
     */
    public void setJdbc(JdbcStore jdbc) {
      this.jdbc = jdbc;
    }

    /**
     * Returns the settings of the Redis store.
     *
     * @return the value
     */
    public RedisStore getRedis() {
      return redis;
    }

    /**
     * Sets the settings of the Redis store.
     *
     * @param redis the value
     */
    public void setRedis(RedisStore redis) {
      this.redis = redis;
    }
  }

  /** {@code latchkey.store.file.*}. */
  public static final class FileStore {
    /** File the tokens are kept in, written with owner-only permissions. */
    private Path path;

    /**
     * Returns the file the tokens are kept in, written with owner-only permissions.
     *
     * @return the value
     */
    public Path getPath() {
      return path;
    }

    /**
     * Sets the file the tokens are kept in, written with owner-only permissions.
     *
     * @param path the value
     */
    public void setPath(Path path) {
      this.path = path;
    }
  }

  /** {@code latchkey.store.jdbc.*}: the JDBC store on the app's {@code DataSource}. */
  public static final class JdbcStore {
    /** Table the tokens are kept in. */
    private String table = "latchkey_tokens";
    /** Whether the store creates its table on first use. */
    private boolean createTable = true;

    /**
     * Returns the table the tokens are kept in.
     *
     * @return the value
     */
    public String getTable() {
      return table;
    }

    /**
     * Sets the table the tokens are kept in.
     *
     * @param table the value
     */
    public void setTable(String table) {
      this.table = table;
    }

    /**
     * Returns the whether the store creates its table on first use.
     *
     * @return the value
     */
    public boolean isCreateTable() {
      return createTable;
    }

    /**
     * Sets the whether the store creates its table on first use.
     *
     * @param createTable the value
     */
    public void setCreateTable(boolean createTable) {
      this.createTable = createTable;
    }
  }

  /** {@code latchkey.store.redis.*}. */
  public static final class RedisStore {
    /** Redis server URI: redis://[[user]:password@]host[:port][/database], or rediss:// for TLS. */
    private String uri;
    /** Prefix of the store's Redis keys. */
    private String keyPrefix = "latchkey:";

    /**
     * Returns the redis server URI: redis://[[user]:password@]host[:port][/database], or rediss:// for TLS.
     *
     * @return the value
     */
    public String getUri() {
      return uri;
    }

    /**
     * Sets the redis server URI: redis://[[user]:password@]host[:port][/database], or rediss:// for TLS.
     *
     * @param uri the value
     */
    public void setUri(String uri) {
      this.uri = uri;
    }

    /**
     * Returns the prefix of the store's Redis keys.
     *
     * @return the value
     */
    public String getKeyPrefix() {
      return keyPrefix;
    }

    /**
     * Sets the prefix of the store's Redis keys.
     *
     * @param keyPrefix the value
     */
    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }
  }

  /** The kinds of token store. */
  public enum StoreType {
    /** In this process's memory: tokens are lost on restart. */
    MEMORY,
    /** In one file; processes sharing it renew one at a time. */
    FILE,
    /** In a table on the app's {@code DataSource} (latchkey-store-jdbc). */
    JDBC,
    /** In Redis (latchkey-store-redis). */
    REDIS
  }
}
