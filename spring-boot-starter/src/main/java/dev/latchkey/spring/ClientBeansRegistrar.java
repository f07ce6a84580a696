package dev.latchkey.spring;

import dev.latchkey.OAuth2Client;
import java.util.Map;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Registers, for each {@code latchkey.clients.<name>}, beans qualified by {@code name}: the
 * {@link OAuth2Client}, and an {@link OkHttpClient}, {@code RestClient} and {@code WebClient}
 * (when the app has Spring's) that carry its application token. The HTTP clients are no default
 * candidates: an unqualified {@code RestClient} the app injects elsewhere stays its own.
 */
final class ClientBeansRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware,
    BeanFactoryAware {
  private Environment environment;
  private BeanFactory beanFactory;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata,
      BeanDefinitionRegistry registry) {
    Map<String, ClientProperties> clients = Binder.get(environment)
        .bind("latchkey.clients", Bindable.mapOf(String.class, ClientProperties.class))
        .orElse(Map.of());
    ClassLoader loader = getClass().getClassLoader();
    boolean restClient = ClassUtils.isPresent("org.springframework.web.client.RestClient", loader);
    boolean webClient = ClassUtils.isPresent(
        "org.springframework.web.reactive.function.client.WebClient", loader);
    for (String name : clients.keySet()) {
      register(registry, name, "oauth2Client", OAuth2Client.class, true,
          c -> c.client(name));
      register(registry, name, "okHttpClient", OkHttpClient.class, false,
          c -> c.okHttpClient(name));
      if (restClient) {
        RestClients.register(this, registry, name);
      }
      if (webClient) {
        WebClients.register(this, registry, name);
      }
    }
  }

  <T> void register(BeanDefinitionRegistry registry, String name, String kind, Class<T> type,
      boolean defaultCandidate, Function<LatchkeyClients, T> factory) {
    RootBeanDefinition definition = new RootBeanDefinition(type);
    definition.setInstanceSupplier(() -> factory.apply(beanFactory.getBean(LatchkeyClients.class)));
    definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
    definition.setDefaultCandidate(defaultCandidate);
    registry.registerBeanDefinition("latchkey." + name + "." + kind, definition);
  }

  BeanFactory beanFactory() {
    return beanFactory;
  }

  /** Loaded only when spring-web is present. */
  private static final class RestClients {
    static void register(ClientBeansRegistrar registrar, BeanDefinitionRegistry registry,
        String name) {
      registrar.register(registry, name, "restClient", RestClient.class, false, clients ->
          registrar.beanFactory().getBeanProvider(RestClient.Builder.class)
              .getIfAvailable(RestClient::builder)
              .requestInterceptor(new BearerRestInterceptor(
                  new SessionBearer(clients.configured(name))))
              .build());
    }
  }

  /** Loaded only when spring-webflux is present. */
  private static final class WebClients {
    static void register(ClientBeansRegistrar registrar, BeanDefinitionRegistry registry,
        String name) {
      registrar.register(registry, name, "webClient", WebClient.class, false, clients ->
          registrar.beanFactory().getBeanProvider(WebClient.Builder.class)
              .getIfAvailable(WebClient::builder)
              .filter(new BearerExchangeFilter(new SessionBearer(clients.configured(name))))
              .build());
    }
  }
}
