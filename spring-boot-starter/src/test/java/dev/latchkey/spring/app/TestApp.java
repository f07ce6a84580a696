package dev.latchkey.spring.app;

import dev.latchkey.mockserver.ManualClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A Boot app with nothing of its own but a manual clock and a registry the tests read. */
@SpringBootApplication(scanBasePackages = {"dev.latchkey.spring.app", "dev.latchkey.spring.examples"})
public class TestApp {
  /** The clock the mock server shares, so tests move both at once. */
  public static final ManualClock CLOCK = new ManualClock();

  @Bean
  Clock clock() {
    return CLOCK;
  }

  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }
}
