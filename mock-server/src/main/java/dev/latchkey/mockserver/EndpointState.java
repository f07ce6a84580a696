package dev.latchkey.mockserver;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/** What the OAuth endpoints and their handlers may read and change of the server's state. */
interface EndpointState {
  Instant now();

  Settings settings();

  /** {@return the server's root URL, such as {@code http://127.0.0.1:8080/}} */
  URI url();

  /** {@return the mutual TLS listener's root URL, or null when there is none} */
  URI mtlsUrl();

  /** {@return the CAs whose certificates {@code tls_client_auth} accepts} */
  List<java.security.cert.X509Certificate> clientCas();

  Client client(MockProvider p, String id);

  DemoClient demoClient(MockProvider p);

  /** Issues a token that expires after its lifetime, or at {@code notAfter} if sooner. */
  IssuedToken issue(Grant grant, boolean refresh, List<String> scopes, Confirmation cnf,
      java.time.Instant notAfter);

  /**
   * Marks {@code key} (a proof's or assertion's {@code jti}) used until {@code until}.
   *
   * @return false when it was already used: a replay
   */
  boolean firstUse(String key, Instant until);

  /** {@return a new DPoP nonce (RFC 9449 §8), valid for {@link Ledger#NONCE_LIFETIME}} */
  String newDpopNonce();

  boolean dpopNonceValid(String nonce);

  /** {@return the provider's ID token signing keys, made on first use} */
  SigningKeys signingKeys(MockProvider p);

  /** {@return the token issued with this value, or null} */
  IssuedToken token(String value);

  boolean revoke(String value);

  void putCode(String code, AuthorizationCode issued);

  AuthorizationCode code(String code);

  void putConsent(String id, AuthorizationRequest request);

  /** {@return false, storing nothing, when its user code is taken} */
  boolean putDeviceAuthorization(DeviceAuthorization device);

  /** {@return the device authorization with this device code, or null} */
  DeviceAuthorization deviceAuthorization(String deviceCode);

  /** {@return the device authorization with this user code, or null} */
  DeviceAuthorization deviceAuthorizationByUserCode(String userCode);

  void putPushedRequest(String requestUri, PushedRequest request);

  /** {@return the pushed request, removed so it is used once; or null} */
  PushedRequest takePushedRequest(String requestUri);

  /** {@return the stub for exactly this provider, method and path, or null} */
  ApiStub stub(MockProvider p, String method, String path);

  /** {@return the methods stubbed at this provider's path} */
  List<String> stubbedMethods(MockProvider p, String path);

  /** {@return the pending consent request, removed so it is answered once; or null} */
  AuthorizationRequest takeConsent(String id);
}
