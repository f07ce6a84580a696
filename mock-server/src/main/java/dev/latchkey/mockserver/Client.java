package dev.latchkey.mockserver;

import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** A registered client of one provider. Immutable. */
final class Client {
  final MockProvider provider;
  final String id;
  final String secret;
  final String name;
  /** Registered redirect URIs, matched exactly (a loopback URI's port may vary). */
  final List<String> redirectUris;
  /** Demo clients accept any loopback redirect URI, any port, any path (RFC 8252 §7.3). */
  final boolean anyLoopback;
  /** Scopes this client may request, or null for every scope the provider knows. */
  final Set<String> scopes;
  /** Its switches for DPoP, client assertions, PAR, token exchange and mutual TLS. */
  final ClientOptions options;
  /** Public keys its {@code private_key_jwt} assertions may be signed with (RFC 7523 §2.2). */
  final List<JWK> keys;
  /** Whether its token requests must carry DPoP proofs ({@code dpop_bound_access_tokens}). */
  final boolean dpopBound;
  /** Whether it may only push authorization requests (RFC 9126 §6); null: the provider's rule. */
  final Boolean requirePar;
  /** Audiences and resources it may exchange tokens for (RFC 8693); null for any. */
  final Set<String> exchangeAudiences;

  Client(MockProvider provider, String id, String secret, String name, List<String> redirectUris,
      boolean anyLoopback, Set<String> scopes) {
    this(provider, id, secret, name, redirectUris, anyLoopback, scopes, ClientOptions.NONE);
  }

  private Client(MockProvider provider, String id, String secret, String name,
      List<String> redirectUris, boolean anyLoopback, Set<String> scopes,
      ClientOptions options) {
    this.options = options;
    this.keys = options.keys();
    this.dpopBound = options.dpopBound();
    this.requirePar = options.requirePar();
    this.exchangeAudiences = options.exchangeAudiences();
    this.provider = provider;
    this.id = id;
    this.secret = secret;
    this.name = name;
    this.redirectUris = List.copyOf(redirectUris);
    this.anyLoopback = anyLoopback;
    this.scopes = scopes == null ? null : Set.copyOf(scopes);
  }

  Client with(ClientOptions changed) {
    return new Client(provider, id, secret, name, redirectUris, anyLoopback, scopes, changed);
  }

  boolean isPublic() {
    return secret == null;
  }

  DemoClient toDemoClient() {
    return new DemoClient(provider.id, id, secret, name);
  }

  /** {@return the redirect URI to use when the request sent none, or null if there is none} */
  String defaultRedirectUri() {
    return !anyLoopback && redirectUris.size() == 1 ? redirectUris.get(0) : null;
  }

  boolean redirectAllowed(String uri) {
    URI candidate = parse(uri);
    if (candidate == null || candidate.getRawFragment() != null) return false;
    if (anyLoopback && isLoopback(candidate)
        && ("http".equalsIgnoreCase(candidate.getScheme())
            || "https".equalsIgnoreCase(candidate.getScheme()))) {
      return true;
    }
    for (String registered : redirectUris) {
      if (registered.equals(uri)) return true;
      URI r = parse(registered);
      // RFC 8252 §7.3: for a loopback IP the port is chosen at run time; all else must match.
      if (r != null && isLoopback(r) && isLoopback(candidate)
          && Objects.equals(r.getScheme(), candidate.getScheme())
          && Objects.equals(r.getHost(), candidate.getHost())
          && Objects.equals(r.getRawPath(), candidate.getRawPath())
          && Objects.equals(r.getRawQuery(), candidate.getRawQuery())) {
        return true;
      }
    }
    return false;
  }

  private static URI parse(String uri) {
    try {
      URI u = new URI(uri);
      return u.isAbsolute() ? u : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    if (host == null) return false;
    host = host.toLowerCase(Locale.ROOT);
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
  }
}
