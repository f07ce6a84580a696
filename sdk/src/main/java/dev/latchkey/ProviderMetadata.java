package dev.latchkey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Response;

/**
 * Reads the metadata of the sender-constrained and secretless extensions: PAR (RFC 9126 §5),
 * mutual TLS endpoint aliases (RFC 8705 §5) and DPoP algorithms (RFC 9449 §5.1).
 */
final class ProviderMetadata {
  static final String PAR_ENDPOINT = "pushed_authorization_request_endpoint";
  static final String PAR_REQUIRED = "require_pushed_authorization_requests";
  static final String MTLS_ALIASES = "mtls_endpoint_aliases";
  static final String DPOP_ALGORITHMS = "dpop_signing_alg_values_supported";

  private ProviderMetadata() {
  }

  /**
   * Refuses a document whose extension endpoints are unusable; it is remote input. Applies the
   * fields to a throwaway builder, so the checks are the builder's own, not a second copy.
   */
  static void validate(Map<String, Object> json, String issuer, Response response)
      throws MalformedResponseException {
    try {
      apply(json, Provider.builder().tokenEndpoint("https://unused.invalid/"));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new MalformedResponseException("Metadata for \"" + issuer + "\" is unusable: "
          + e.getMessage(), response.code(), response.header("Content-Type"), null);
    }
  }

  static void apply(Discovery.Metadata metadata, Provider.Builder builder) {
    apply(metadata.json, builder);
  }

  private static void apply(Map<String, Object> json, Provider.Builder builder) {
    Object par = json.get(PAR_ENDPOINT);
    if (par instanceof String) {
      builder.pushedAuthorizationRequestEndpoint((String) par);
    }
    builder.pushedAuthorizationRequired(par instanceof String
        && Boolean.TRUE.equals(json.get(PAR_REQUIRED)));
    Object aliases = json.get(MTLS_ALIASES);
    if (aliases instanceof Map) {
      for (Map.Entry<?, ?> alias : ((Map<?, ?>) aliases).entrySet()) {
        if (alias.getKey() instanceof String && alias.getValue() instanceof String) {
          builder.mtlsEndpointAlias((String) alias.getKey(), (String) alias.getValue());
        }
      }
    }
    Object algorithms = json.get(DPOP_ALGORITHMS);
    if (algorithms instanceof List) {
      List<String> names = new ArrayList<>();
      for (Object algorithm : (List<?>) algorithms) {
        if (algorithm instanceof String) {
          names.add((String) algorithm);
        }
      }
      builder.dpopSigningAlgorithms(names);
    }
  }
}
