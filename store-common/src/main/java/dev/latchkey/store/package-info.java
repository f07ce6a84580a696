/**
 * What Latchkey's shared token stores have in common: {@link dev.latchkey.store.TokenCodec}, the
 * stored format (JSON with stable field names, optionally encrypted),
 * {@link dev.latchkey.store.TokenEncryption}, AES-GCM keys for tokens at rest, and
 * {@link dev.latchkey.store.TokenStoreException}, the outage every store reports. The stores
 * themselves are in {@code dev.latchkey.store.redis} and {@code dev.latchkey.store.jdbc}.
 */
package dev.latchkey.store;
