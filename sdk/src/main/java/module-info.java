/**
 * Latchkey: an OAuth2 client for APIs that each bend the protocol a little.
 *
 * <p>The public API lives in {@code dev.latchkey}; everything in {@code dev.latchkey.internal} is
 * an implementation detail and is not exported.
 */
module dev.latchkey {
  requires transitive okhttp3;
  requires com.squareup.moshi;
  requires java.logging;

  exports dev.latchkey;
}
