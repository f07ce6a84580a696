package dev.latchkey.mockserver;

import mockwebserver3.MockResponse;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:device_code} (RFC 8628 §3.4, §3.5): each
 * poll is {@code authorization_pending}, {@code slow_down} (sooner than the interval, which then
 * grows by 5 s), {@code access_denied}, {@code expired_token}, or once the tokens.
 */
final class DeviceCodeGrant implements GrantHandler {
  private final EndpointState state;
  private final TokenResponder responder;

  DeviceCodeGrant(EndpointState state, TokenResponder responder) {
    this.state = state;
    this.responder = responder;
  }

  @Override public MockResponse grant(TokenRequest request, Client client) throws OAuthError {
    String code = request.param("device_code");
    if (code == null) {
      throw OAuthError.badRequest("invalid_request", "device_code is missing; send the "
          + "device_code from the device authorization response (RFC 8628 §3.4)");
    }
    DeviceAuthorization device = state.deviceAuthorization(code);
    if (device == null || !device.client.provider.id.equals(request.provider.id)) {
      throw OAuthError.badRequest("invalid_grant", "the device_code is unknown");
    }
    if (!device.client.id.equals(client.id)) {
      throw OAuthError.badRequest("invalid_grant", "the device_code was issued to another "
          + "client");
    }
    if (device.status() == DeviceAuthorization.Status.USED) {
      throw OAuthError.badRequest("invalid_grant", "the device_code was already exchanged");
    }
    if (!state.now().isBefore(device.expiresAt)) {
      throw OAuthError.badRequest("expired_token", "the device_code expired; start a new "
          + "device authorization (RFC 8628 §3.5)");
    }
    if (device.pollTooSoon(state.now())) {
      throw OAuthError.badRequest("slow_down", "polled sooner than the interval; wait "
          + device.interval().getSeconds() + " s between polls from now on (RFC 8628 §3.5)");
    }
    switch (device.status()) {
      case PENDING:
        throw OAuthError.badRequest("authorization_pending", "the user has not yet approved "
            + "or denied the request; poll again after the interval");
      case DENIED:
        throw OAuthError.badRequest("access_denied", "the user denied the request");
      default:
        break;
    }
    if (!device.use()) {
      throw OAuthError.badRequest("invalid_grant", "the device_code was already exchanged");
    }
    Grant grant = new Grant(request.provider, client.id, DemoUser.SUBJECT, device.scopes,
        device.scopeRequested, device.approvedAt(), null);
    return responder.respond(request, grant, device.scopes,
        request.provider.issuesRefreshTokens(), null);
  }
}
