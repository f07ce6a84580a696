/**
 * {@link dev.latchkey.store.redis.RedisTokenStore}: a token store on Redis, shared by every
 * instance of an application, with a renewal lease so that one instance renews each token.
 */
package dev.latchkey.store.redis;
