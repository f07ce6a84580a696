package dev.latchkey;

import dev.latchkey.Dialect.ClientAuthentication;
import java.util.Arrays;
import java.util.List;

/** Checks an {@link OAuth2Client.Builder}'s key, DPoP and client authentication fit together. */
final class SenderConstrainedClients {
  /** Stands for "ES256, or the provider's first supported algorithm" until the build. */
  static final String DEFAULT = "default";
  /** The DPoP algorithms Latchkey signs with, in order of preference. */
  static final List<String> DPOP_ALGORITHMS = Arrays.asList(Jose.ES256, Jose.PS256, Jose.RS256);

  private SenderConstrainedClients() {
  }

  static String requireDpopAlgorithm(String algorithm) {
    if (!DPOP_ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("DPoP algorithm " + algorithm + " is not supported;"
          + " use one of " + DPOP_ALGORITHMS);
    }
    return algorithm;
  }

  /** Resolves the DPoP algorithm against the provider's metadata and checks the authentication. */
  static void check(OAuth2Client.Builder b) {
    ClientAuthentication auth = b.provider.dialect().clientAuthentication();
    if (auth == ClientAuthentication.PRIVATE_KEY_JWT && b.clientKey == null) {
      throw new IllegalStateException("Client authentication PRIVATE_KEY_JWT needs a key; set"
          + " clientKey(SigningKey.fromPem(...))");
    }
    if (auth == ClientAuthentication.CLIENT_SECRET_JWT && b.clientSecret == null) {
      throw new IllegalStateException("Client authentication CLIENT_SECRET_JWT needs the client"
          + " secret; set clientSecret(...)");
    }
    if (b.dpopAlgorithm == null) {
      return;
    }
    List<String> supported = b.provider.dpopSigningAlgorithms();
    if (DEFAULT.equals(b.dpopAlgorithm)) {
      b.dpopAlgorithm = Jose.ES256;
      if (!supported.isEmpty()) {
        b.dpopAlgorithm = DPOP_ALGORITHMS.stream().filter(supported::contains).findFirst()
            .orElseThrow(() -> unsupported(b.provider, supported));
      }
    } else if (!supported.isEmpty() && !supported.contains(b.dpopAlgorithm)) {
      throw new IllegalStateException("Provider " + b.provider.name() + " accepts DPoP proofs"
          + " signed with " + supported + " (dpop_signing_alg_values_supported), not "
          + b.dpopAlgorithm + "; call dpop() to pick one it accepts");
    }
  }

  private static IllegalStateException unsupported(Provider provider, List<String> supported) {
    return new IllegalStateException("Provider " + provider.name() + " accepts DPoP proofs"
        + " signed only with " + supported + " (dpop_signing_alg_values_supported); Latchkey"
        + " signs " + DPOP_ALGORITHMS + ", so DPoP cannot be used with this provider");
  }
}
