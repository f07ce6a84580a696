package dev.latchkey.interop.server;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Authorization Server as its reference documentation configures it, plus what the
 * interop tests need around it: a Spring Security resource server on {@code /api/**} that
 * accepts the server's JWTs (bearer and DPoP-bound), one user, the client key set that
 * private_key_jwt clients publish, and the fixture's two filters (request log, PAR required).
 * Everything that answers an OAuth request is SAS's own code.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SasApplication {
  /** The authorization server's endpoints, as SAS's own configurer sets them up. */
  @Bean
  @Order(1)
  SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
    http.oauth2AuthorizationServer(server -> {
      http.securityMatcher(server.getEndpointsMatcher());
      server.oidc(Customizer.withDefaults())
          .deviceAuthorizationEndpoint(Customizer.withDefaults())
          .pushedAuthorizationRequestEndpoint(Customizer.withDefaults());
    });
    http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        // A browser (Accept: text/html) that is not signed in goes to the login form; a client
        // that names no type (Accept: */*, or none) gets SAS's 401.
        .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
            new LoginUrlAuthenticationEntryPoint("/login"), browsers()));
    return http.build();
  }

  private static MediaTypeRequestMatcher browsers() {
    MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
    matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
    return matcher;
  }

  /** A resource server protected by the authorization server's tokens, and the client keys. */
  @Bean
  @Order(2)
  SecurityFilterChain resourceServer(HttpSecurity http) throws Exception {
    http.securityMatcher("/api/**", "/test/**")
        .authorizeHttpRequests(requests -> requests
            .requestMatchers("/test/**").permitAll()
            .anyRequest().authenticated())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .oauth2ResourceServer(rs -> rs.jwt(Customizer.withDefaults()));
    return http.build();
  }

  /** The login form a browser signs in with before the authorization endpoint answers. */
  @Bean
  @Order(3)
  SecurityFilterChain login(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .formLogin(Customizer.withDefaults());
    return http.build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(User.withUsername(InteropClients.USERNAME)
        .password("{noop}" + InteropClients.PASSWORD).roles("USER").build());
  }

  @Bean
  InMemoryRegisteredClientRepository registeredClients() {
    return new InMemoryRegisteredClientRepository(InteropClients.registeredAtStart());
  }

  @Bean
  JWKSource<SecurityContext> jwkSource() {
    return new ImmutableJWKSet<>(new JWKSet(InteropKeys.SERVER_KEY));
  }

  @Bean
  JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
    return NimbusJwtDecoder.withJwkSource(jwkSource).build();
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings() {
    // No issuer: SAS takes it from the request, http://127.0.0.1:<port>.
    return AuthorizationServerSettings.builder().build();
  }

  /** Gives the user's ID token (and so userinfo, with scope email) an email claim. */
  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims() {
    return context -> {
      if ("id_token".equals(context.getTokenType().getValue())) {
        context.getClaims().claim("email", InteropClients.EMAIL);
      }
    };
  }

  @Bean
  FilterRegistrationBean<RequestLog> requestLog() {
    FilterRegistrationBean<RequestLog> bean = new FilterRegistrationBean<>(RequestLog.INSTANCE);
    bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return bean;
  }

  @Bean
  FilterRegistrationBean<PushedRequestsRequired> pushedRequestsRequired() {
    FilterRegistrationBean<PushedRequestsRequired> bean =
        new FilterRegistrationBean<>(new PushedRequestsRequired());
    bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return bean;
  }

  /** The API the resource-server tests call, and the key set private_key_jwt clients publish. */
  @RestController
  static class Endpoints {
    @GetMapping("/api/me")
    Map<String, Object> me(@AuthenticationPrincipal Jwt jwt) {
      return Map.of("sub", jwt.getSubject(), "scope", String.valueOf(jwt.getClaims().get("scope")));
    }

    @GetMapping("/test/jwks/{clientId}")
    Map<String, Object> clientKeys(@PathVariable("clientId") String clientId) {
      RSAKey key = InteropKeys.clientKey(clientId);
      return key == null ? Map.of("keys", List.of())
          : new JWKSet(key.toPublicJWK()).toJSONObject();
    }
  }
}
