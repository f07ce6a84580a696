package dev.latchkey;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * What the file store checks before it trusts a path, as ssh does for its own files: no link is
 * followed to a file it reads or truncates, its files are regular files of the current user, and
 * their directory is not one where another user could plant or replace them. A store path that
 * is a symbolic link (a dotfile manager's) is written through: the file it points at is replaced
 * atomically, and the link stays.
 */
final class TokenFiles {
  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
  /** The sticky bit of a Unix mode: only a file's owner may replace or delete it. */
  private static final int STICKY = 01000;

  private TokenFiles() {
  }

  /**
   * Returns the file to read and replace for the store path {@code path}: itself, or the file
   * a symbolic link points at.
   */
  static Path target(Path path) throws OAuth2Exception {
    Path target = path;
    if (Files.isSymbolicLink(path)) {
      try {
        target = path.toRealPath();
      } catch (IOException e) {
        throw new OAuth2Exception("The token store path " + path + " is a symbolic link to a"
            + " file that does not exist; create that file, or point the store at a regular"
            + " file", e);
      }
    }
    if (Files.isDirectory(target, NO_FOLLOW)) {
      throw new OAuth2Exception("The token store path " + path + " is a directory; pass the path"
          + " of a file in it, such as " + path.resolve("tokens.json"));
    }
    return target;
  }

  /**
   * Refuses a directory that users other than its owner may write to, unless it is sticky (as
   * {@code /tmp} is): there, another user could replace the token file or plant a link.
   */
  static void checkDirectory(Path dir) throws OAuth2Exception {
    if (!posix() || !Files.isDirectory(dir)) {
      return;
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(dir);
    } catch (IOException e) {
      return; // Unreadable attributes: the file operations that follow report the problem.
    }
    boolean othersMayWrite = permissions.contains(PosixFilePermission.GROUP_WRITE)
        || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    if (othersMayWrite && !sticky(dir)) {
      throw new OAuth2Exception("The directory " + dir + " of the token file is writable by"
          + " other users (" + PosixFilePermissions.toString(permissions) + "), so one of them"
          + " could replace the file or plant a link in its place. Run `chmod go-w " + dir
          + "`, or keep the store in a directory only you can write");
    }
  }

  /**
   * Refuses an existing {@code file} that is a link, not a regular file, or not the current
   * user's; does nothing when it does not exist.
   *
   * @param what "token file" or "lock file", for the message
   */
  static void checkFile(Path file, String what) throws OAuth2Exception {
    if (Files.isSymbolicLink(file)) {
      throw new OAuth2Exception("The " + what + " " + file + " is a symbolic link; Latchkey never"
          + " follows a link there, as it could lead to another file that would be overwritten."
          + " Delete the link");
    }
    if (!posix()) {
      return;
    }
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, PosixFileAttributes.class, NO_FOLLOW);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      return; // Reported by the read or write that follows.
    }
    if (!attributes.isRegularFile()) {
      throw new OAuth2Exception("The " + what + " " + file + " is not a regular file; Latchkey"
          + " reads and writes only regular files. Move it aside");
    }
    UserPrincipal me = CurrentUser.PRINCIPAL;
    if (me != null && !me.equals(attributes.owner())) {
      throw new OAuth2Exception("The " + what + " " + file + " belongs to "
          + attributes.owner().getName() + ", not to " + me.getName() + " who runs this;"
          + " Latchkey does not use a file another user could have planted. Move it aside, or"
          + " give it to " + me.getName() + " (chown) if you trust it");
    }
  }

  private static boolean sticky(Path dir) {
    try {
      Object mode = Files.getAttribute(dir, "unix:mode");
      return mode instanceof Integer && ((Integer) mode & STICKY) != 0;
    } catch (IOException | RuntimeException e) {
      return false; // No way to tell (no "unix" view): treated as not sticky, the safe side.
    }
  }

  static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** The user this process runs as, found once; null when it cannot be told. */
  private static final class CurrentUser {
    static final UserPrincipal PRINCIPAL = find();

    private static UserPrincipal find() {
      if (!posix()) {
        return null;
      }
      try {
        // The owner of a file this process creates is, by definition, the user it runs as,
        // even one without a name in the user database (a container's uid).
        Path probe = Files.createTempFile("latchkey-owner", ".probe");
        try {
          return Files.getOwner(probe, NO_FOLLOW);
        } finally {
          Files.deleteIfExists(probe);
        }
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
  }
}
