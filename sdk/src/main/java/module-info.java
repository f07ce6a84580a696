/**
 * Latchkey: an OAuth2 client for APIs that each bend the protocol a little.
 *
 * <p>The public API is {@code dev.latchkey}; the classes that implement it are package-private
 * beside it, hidden on the classpath and on Android too.
 */
module dev.latchkey {
  requires transitive okhttp3;
  requires com.squareup.moshi;
  // OkHttp 4.12's automatic module does not bring okio along; OkHttp 5's does.
  requires okio;
  requires java.logging;

  exports dev.latchkey;
}
