/**
 * The public API of Latchkey: {@link dev.latchkey.OAuth2Client}, {@link dev.latchkey.Provider} and
 * {@link dev.latchkey.Dialect}, {@link dev.latchkey.Token}, {@link dev.latchkey.TokenSession},
 * the {@link dev.latchkey.TokenStore} SPI and the exceptions.
 */
package dev.latchkey;
