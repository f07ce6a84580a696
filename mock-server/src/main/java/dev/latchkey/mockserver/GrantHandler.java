package dev.latchkey.mockserver;

import mockwebserver3.MockResponse;

/**
 * One grant at the token endpoint (RFC 6749 §4), for a request already read in the provider's
 * dialect and with its client authenticated. A new grant (device_code, token exchange) is a new
 * implementation and a new {@link MockProvider.GrantType}.
 */
interface GrantHandler {
  MockResponse grant(TokenRequest request, Client client) throws OAuthError;
}
