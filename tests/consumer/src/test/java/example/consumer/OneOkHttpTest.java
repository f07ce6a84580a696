package example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.OkHttp;
import org.junit.jupiter.api.Test;

/** The app's OkHttp is the only one on the test class path, Latchkey and its mock server included. */
class OneOkHttpTest {

  @Test
  void theAppsOkHttpIsTheOnlyOne() throws Exception {
    List<URL> copies = Collections.list(
        getClass().getClassLoader().getResources("okhttp3/OkHttpClient.class"));

    assertEquals(1, copies.size(), () -> "okhttp3.OkHttpClient in " + copies);
    // Read at run time: OkHttp.VERSION is a constant the compiler copies into this class.
    assertEquals(System.getProperty("consumer.okhttpVersion"),
        OkHttp.class.getField("VERSION").get(null));
  }

  @Test
  void oneKotlinStandardLibraryAndOneOkio() throws IOException {
    List<URL> kotlin = new ArrayList<>(Collections.list(
        getClass().getClassLoader().getResources("kotlin/KotlinVersion.class")));
    List<URL> okio = new ArrayList<>(Collections.list(
        getClass().getClassLoader().getResources("okio/Buffer.class")));

    assertEquals(1, kotlin.size(), () -> "kotlin.KotlinVersion in " + kotlin);
    assertEquals(1, okio.size(), () -> "okio.Buffer in " + okio);
  }
}
