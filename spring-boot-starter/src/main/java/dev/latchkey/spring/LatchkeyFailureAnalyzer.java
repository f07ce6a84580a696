package dev.latchkey.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link LatchkeyConfigurationException} into Boot's "APPLICATION FAILED TO START" report. */
final class LatchkeyFailureAnalyzer extends AbstractFailureAnalyzer<LatchkeyConfigurationException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, LatchkeyConfigurationException cause) {
    return new FailureAnalysis("The Latchkey client configuration is invalid: " + cause.getMessage(),
        cause.action(), cause);
  }
}
