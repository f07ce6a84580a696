package dev.latchkey.stores;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.latchkey.OAuth2Exception;
import dev.latchkey.Token;
import dev.latchkey.TokenStore;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 2: the file store trusts nothing it finds. It follows no link to its lock file
 * (truncated on every lease write), uses only regular files of the current user, refuses a
 * directory others may write to unless it is sticky, writes through a store path that is a
 * link, and says so when the path is a directory.
 */
final class FileStoreTrustTest {
  private static final Token TOKEN = Token.builder().accessToken("at-trust")
      .refreshToken("rt-trust").issuedAt(Instant.parse("2030-01-01T00:00:00Z")).build();

  @TempDir
  Path dir;

  @BeforeEach
  void posixOnly() {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
  }

  @Test
  void aPlantedLockLinkNeverEmptiesItsTarget() throws IOException {
    Path victim = dir.resolve("victim.txt");
    byte[] precious = "precious data".getBytes(UTF_8);
    Files.write(victim, precious);
    Path lock = dir.resolve("tokens.json.lock");
    Files.createSymbolicLink(lock, victim);
    TokenStore store = TokenStore.file(dir.resolve("tokens.json"));

    OAuth2Exception save = assertThrows(OAuth2Exception.class, () -> store.save("k", TOKEN));
    assertThrows(OAuth2Exception.class, () -> store.tryLease("k", "me", Duration.ofSeconds(5)));

    assertEquals("The lock file " + lock + " is a symbolic link; Latchkey never follows a link"
        + " there, as it could lead to another file that would be overwritten. Delete the link",
        save.getMessage());
    assertArrayEquals(precious, Files.readAllBytes(victim));
  }

  @Test
  void aTokenFileOfAnotherUserIsRefused() throws IOException {
    Path tokens = dir.resolve("tokens.json");
    TokenStore.file(tokens).save("k", TOKEN);
    UserPrincipal nobody;
    try {
      nobody = FileSystems.getDefault().getUserPrincipalLookupService()
          .lookupPrincipalByName("nobody");
      Files.setOwner(tokens, nobody); // Needs root, as planting a file for another user would.
    } catch (UserPrincipalNotFoundException | java.nio.file.FileSystemException e) {
      assumeTrue(false, "cannot give a file to another user here: " + e);
      return;
    }
    String me = Files.getOwner(dir).getName();

    OAuth2Exception e = assertThrows(OAuth2Exception.class,
        () -> TokenStore.file(tokens).load("k"));

    assertEquals("The token file " + tokens + " belongs to nobody, not to " + me + " who runs"
        + " this; Latchkey does not use a file another user could have planted. Move it aside,"
        + " or give it to " + me + " (chown) if you trust it", e.getMessage());
  }

  @Test
  void aDirectoryOthersMayWriteIsRefusedWithWhatToDo() throws IOException {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    TokenStore store = TokenStore.file(shared.resolve("tokens.json"));

    OAuth2Exception e = assertThrows(OAuth2Exception.class, () -> store.save("k", TOKEN));
    assertThrows(OAuth2Exception.class, () -> store.load("k"));

    assertEquals("The directory " + shared + " of the token file is writable by other users"
        + " (rwxrwxrwx), so one of them could replace the file or plant a link in its place."
        + " Run `chmod go-w " + shared + "`, or keep the store in a directory only you can"
        + " write", e.getMessage());
    assertFalse(Files.exists(shared.resolve("tokens.json")));

    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx------"));
    store.save("k", TOKEN);
    assertEquals(TOKEN, store.load("k"));
  }

  @Test
  void aStickyDirectoryOthersMayWriteIsAccepted() throws Exception {
    Path sticky = Files.createDirectory(dir.resolve("sticky"));
    Process chmod = new ProcessBuilder("chmod", "1777", sticky.toString()).start();
    assumeTrue(chmod.waitFor(10, TimeUnit.SECONDS) && chmod.exitValue() == 0, "chmod 1777");
    TokenStore store = TokenStore.file(sticky.resolve("tokens.json"));

    store.save("k", TOKEN);

    assertEquals(TOKEN, store.load("k"));
  }

  @Test
  void aStorePathThatIsALinkIsWrittenThroughAndStaysALink() throws IOException {
    Path real = Files.createDirectory(dir.resolve("dotfiles")).resolve("tokens.json");
    TokenStore.file(real).save("old", TOKEN);
    Path link = Files.createSymbolicLink(dir.resolve("tokens.json"), real);
    TokenStore viaLink = TokenStore.file(link);

    viaLink.save("k", TOKEN);

    assertTrue(Files.isSymbolicLink(link), "the link was replaced by a regular file");
    assertEquals(real, link.toRealPath());
    assertEquals(TOKEN, TokenStore.file(real).load("k"));
    assertEquals(TOKEN, viaLink.load("old"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
  }

  @Test
  void aStorePathThatIsADirectorySaysSo() {
    TokenStore store = TokenStore.file(dir);

    OAuth2Exception e = assertThrows(OAuth2Exception.class, () -> store.save("k", TOKEN));
    assertThrows(OAuth2Exception.class, () -> store.load("k"));

    assertEquals("The token store path " + dir + " is a directory; pass the path of a file in"
        + " it, such as " + dir.resolve("tokens.json"), e.getMessage());
  }
}
