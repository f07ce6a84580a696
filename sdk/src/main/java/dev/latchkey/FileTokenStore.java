package dev.latchkey;

import static java.util.Objects.requireNonNull;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.latchkey.OAuth2Exception;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import okio.Buffer;

/**
 * Keeps every key's token in one JSON file: {@code {"version":1,"tokens":{key: token}}}.
 *
 * <p>Writes go to a temporary file (0600) that is fsynced and atomically moved over the old one,
 * so a crash leaves the old file or the new one, never a mix. Writers take an exclusive lock on
 * a sidecar {@code .lock} file (the data file itself is replaced, so it cannot carry the lock),
 * which serializes processes; a JVM-wide lock serializes threads, since file locks are held per
 * process. Readers take no lock: a rename is atomic.
 *
 * <p>The lock file also holds the renewal leases ({@link #tryLease}), so that processes sharing
 * the file renew a token one at a time.
 */
final class FileTokenStore implements TokenStore {
  private static final int VERSION = 1;
  /** A lease list is a few hundred bytes; a larger lock file is not one of ours. */
  private static final long MAX_LEASES_BYTES = 64 * 1024;
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  /** The path as given; a symbolic link is written through (see {@link TokenFiles}). */
  private final Path path;

  FileTokenStore(Path path) {
    requireNonNull(path, "path == null");
    this.path = path.toAbsolutePath().normalize();
  }

  @Override
  public Token load(String key) throws IOException {
    requireNonNull(key, "key == null");
    return decode(key, readAll().get(key));
  }

  @Override
  public void save(String key, Token token) throws IOException {
    requireNonNull(key, "key == null");
    requireNonNull(token, "token == null");
    update(key, null, token, false);
  }

  @Override
  public boolean compareAndSet(String key, Token expected, Token update) throws IOException {
    requireNonNull(key, "key == null");
    return update(key, expected, update, true);
  }

  @Override
  public void delete(String key) throws IOException {
    requireNonNull(key, "key == null");
    update(key, null, null, false);
  }

  /**
   * Takes the renewal lease of {@code key}, so that of the processes sharing this file one
   * renews a token and the others wait for its result instead of spending the same refresh
   * token: with rotation, the loser's refresh would be refused as reused, and the token lost.
   * Leases live in the sidecar lock file, read and written under its lock, and end by wall-clock
   * time, which the processes of one machine share.
   */
  @Override
  public boolean tryLease(String key, String owner, Duration ttl) throws IOException {
    return lease(key, owner, ttl, true);
  }

  @Override
  public boolean renewLease(String key, String owner, Duration ttl) throws IOException {
    return lease(key, owner, ttl, false);
  }

  /** Sets {@code owner}'s lease to last {@code ttl}: if it is free or lapsed only to take it. */
  private boolean lease(String key, String owner, Duration ttl, boolean take)
      throws IOException {
    requireNonNull(key, "key == null");
    requireNonNull(owner, "owner == null");
    requireNonNull(ttl, "ttl == null");
    return locked(lockChannel -> {
      Map<String, Object> leases = readLeases(lockChannel);
      long now = System.currentTimeMillis();
      Object held = leases.get(key);
      boolean free = !(held instanceof Map) || now >= until(held);
      if (!holds(held, owner, now) && !(take && free)) {
        return false;
      }
      Map<String, Object> lease = new LinkedHashMap<>();
      lease.put("owner", owner);
      lease.put("until", now + ttl.toMillis());
      leases.put(key, lease);
      writeLeases(lockChannel, leases, now);
      return true;
    });
  }

  @Override
  public boolean compareAndSetLeased(String key, String owner, Token expected, Token update)
      throws IOException {
    requireNonNull(key, "key == null");
    requireNonNull(owner, "owner == null");
    // Under one hold of the locks, so that no takeover slips between the check and the swap;
    // the save ends the lease it was taken for.
    return locked(lockChannel -> {
      Map<String, Object> leases = readLeases(lockChannel);
      long now = System.currentTimeMillis();
      if (!holds(leases.get(key), owner, now) || !swap(key, expected, update, true)) {
        return false;
      }
      leases.remove(key);
      writeLeases(lockChannel, leases, now);
      return true;
    });
  }

  private static boolean holds(Object lease, String owner, long now) {
    return lease instanceof Map && owner.equals(((Map<?, ?>) lease).get("owner"))
        && now < until(lease);
  }

  /** Watches the file and its lock for saves and releases; see {@link FileWatch}. */
  @Override
  public Watch watch(String key) throws IOException {
    requireNonNull(key, "key == null");
    createDirectory();
    // A linked store path is written through to its target, so the target's folder is watched.
    Path target = TokenFiles.target(path);
    return new FileWatch(target, target.resolveSibling(target.getFileName() + ".lock"));
  }

  @Override
  public void releaseLease(String key, String owner) throws IOException {
    requireNonNull(key, "key == null");
    requireNonNull(owner, "owner == null");
    locked(lockChannel -> {
      Map<String, Object> leases = readLeases(lockChannel);
      Object held = leases.get(key);
      if (held instanceof Map && owner.equals(((Map<?, ?>) held).get("owner"))) {
        leases.remove(key);
        writeLeases(lockChannel, leases, System.currentTimeMillis());
      }
      return null;
    });
  }

  private boolean update(String key, Token expected, Token update, boolean compare)
      throws IOException {
    return locked(lockChannel -> swap(key, expected, update, compare));
  }

  /** Writes the entry; the caller holds the locks. */
  private boolean swap(String key, Token expected, Token update, boolean compare)
      throws IOException {
    Map<String, Object> entries = readAll();
    if (compare) {
      Object raw = entries.get(key);
      Token current = raw == null ? null : decode(key, raw);
      if (!Objects.equals(current, expected)) {
        return false;
      }
    }
    if (update == null) {
      if (entries.remove(key) == null) {
        return true;
      }
    } else {
      entries.put(key, TokenJson.toMap(update));
    }
    write(entries);
    return true;
  }

  /** Work done while holding this file's locks: the JVM's, then the sidecar file's. */
  private interface Locked<T> {
    T run(FileChannel lockChannel) throws IOException;
  }

  @SuppressWarnings("try") // The file lock is held for the block's extent, never referenced.
  private <T> T locked(Locked<T> work) throws IOException {
    createDirectory();
    Path target = TokenFiles.target(path);
    Path lockPath = target.resolveSibling(target.getFileName() + ".lock");
    // Keyed by the file itself: two links to one file share its lock.
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(target, p -> new ReentrantLock());
    jvmLock.lock();
    try {
      TokenFiles.checkDirectory(target.getParent());
      // The lock file is truncated on every lease write: a planted link must not lead there.
      TokenFiles.checkFile(lockPath, "lock file");
      FileChannel lockChannel;
      try {
        lockChannel = FileChannel.open(lockPath, openOptions(), fileAttributes());
      } catch (FileSystemException e) {
        if (Files.isSymbolicLink(lockPath)) { // Planted between the check and the open.
          TokenFiles.checkFile(lockPath, "lock file");
        }
        throw e;
      }
      try (FileChannel channel = lockChannel; FileLock ignored = channel.lock()) {
        TokenFiles.checkFile(lockPath, "lock file");
        return work.run(channel);
      }
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * Reads the leases kept in the lock file. They only coordinate renewals, so an unreadable
   * list (a process killed while writing it) counts as none: at worst two renewals run at once.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> readLeases(FileChannel lockChannel) {
    try {
      long size = lockChannel.size();
      if (size == 0 || size > MAX_LEASES_BYTES) {
        return new LinkedHashMap<>();
      }
      ByteBuffer bytes = ByteBuffer.allocate((int) size);
      while (bytes.hasRemaining() && lockChannel.read(bytes, bytes.position()) >= 0) {
        // Reads until full or the end of the file.
      }
      try (JsonReader reader = JsonReader.of(new Buffer().write(bytes.array(), 0,
          bytes.position()))) {
        Object root = reader.readJsonValue();
        if (root instanceof Map && ((Map<String, Object>) root).get("leases") instanceof Map) {
          return new LinkedHashMap<>((Map<String, Object>) ((Map<String, Object>) root)
              .get("leases"));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Unreadable: treated as no lease.
    }
    return new LinkedHashMap<>();
  }

  private static void writeLeases(FileChannel lockChannel, Map<String, Object> leases, long now)
      throws IOException {
    leases.values().removeIf(lease -> until(lease) <= now);
    lockChannel.truncate(0);
    if (leases.isEmpty()) {
      return;
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("leases", leases);
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.jsonValue(root);
    }
    ByteBuffer bytes = ByteBuffer.wrap(buffer.readByteArray());
    while (bytes.hasRemaining()) {
      lockChannel.write(bytes, bytes.position());
    }
  }

  private static long until(Object lease) {
    Object until = lease instanceof Map ? ((Map<?, ?>) lease).get("until") : null;
    return until instanceof Number ? ((Number) until).longValue() : Long.MIN_VALUE;
  }

  /** Returns each key's raw JSON value; an entry is decoded only when asked for. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> readAll() throws IOException {
    Path target = TokenFiles.target(path);
    TokenFiles.checkDirectory(target.getParent());
    TokenFiles.checkFile(target, "token file");
    byte[] bytes;
    try (okio.BufferedSource source = okio.Okio.buffer(okio.Okio.source(Files.newInputStream(
        target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
      bytes = source.readByteArray();
    } catch (NoSuchFileException e) {
      return new LinkedHashMap<>();
    } catch (IOException e) {
      throw new OAuth2Exception("Cannot read the token file " + path + ": "
          + e.getClass().getSimpleName() + ". Check its permissions", e);
    }
    if (bytes.length == 0) {
      throw corrupt("it is empty", null);
    }
    Object root;
    try (JsonReader reader = JsonReader.of(new Buffer().write(bytes))) {
      root = reader.readJsonValue();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw corrupt("it has data after the JSON object", null);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof OAuth2Exception) {
        throw (OAuth2Exception) e;
      }
      throw corrupt("it is not valid JSON", null);
    }
    if (!(root instanceof Map)) {
      throw corrupt("it is not a JSON object", null);
    }
    Map<String, Object> map = (Map<String, Object>) root;
    Object version = map.get("version");
    if (!(version instanceof Number) || ((Number) version).intValue() != VERSION) {
      throw corrupt("its version is " + (version instanceof String ? "\"" + version + "\" (a string)"
          : version) + ", expected " + VERSION, null);
    }
    Object tokens = map.get("tokens");
    if (!(tokens instanceof Map)) {
      throw corrupt("it has no \"tokens\" object", null);
    }
    return new LinkedHashMap<>((Map<String, Object>) tokens);
  }

  private Token decode(String key, Object raw) throws OAuth2Exception {
    if (raw == null) {
      return null;
    }
    try {
      return TokenJson.fromValue(raw);
    } catch (IllegalArgumentException e) {
      // Only this key is unusable; the other keys in the file still load.
      throw new OAuth2Exception("The token stored under \"" + key + "\" in " + path
          + " is corrupt (" + e.getMessage() + "). Delete that entry or log in again");
    }
  }

  private OAuth2Exception corrupt(String why, Throwable cause) {
    return new OAuth2Exception("The token file " + path + " is corrupt: " + why
        + ". Move it aside or delete it; Latchkey will not overwrite it", cause);
  }

  private void write(Map<String, Object> entries) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", VERSION);
    root.put("tokens", entries);
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setIndent("  ");
      writer.setSerializeNulls(true); // An extra field whose value is null must come back as null.
      writer.jsonValue(root);
    }
    // A store path that is a link is written through: the file it points at is replaced.
    Path target = TokenFiles.target(path);
    deleteStaleTempFiles(target);
    Path temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp",
        fileAttributes());
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(buffer.readByteArray());
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(target.getParent());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Deletes temporary files that a writer killed mid-save left behind (each holds a copy of the
   * tokens). Only writers create them, and they hold the lock this runs under, so every one
   * found now is stale.
   */
  private static void deleteStaleTempFiles(Path target) {
    String prefix = target.getFileName() + ".";
    try (DirectoryStream<Path> files = Files.newDirectoryStream(target.getParent())) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".tmp")
            && name.substring(prefix.length(), name.length() - ".tmp".length())
                .matches("[0-9]+")) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: a leftover wastes space, and the next save tries again.
    }
  }

  private static void syncDirectory(Path directory) {
    // Makes the rename itself durable; not every platform can open a directory, which is fine.
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | RuntimeException e) {
      // Best effort.
    }
  }

  private void createDirectory() throws IOException {
    Path dir = path.getParent();
    if (Files.isDirectory(dir)) {
      return;
    }
    if (posix()) {
      Files.createDirectories(dir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static Set<OpenOption> openOptions() {
    return new java.util.HashSet<>(java.util.Arrays.asList(StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
  }

  private static FileAttribute<?>[] fileAttributes() {
    if (!posix()) {
      return new FileAttribute<?>[0];
    }
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(ownerOnly)};
  }

  private static boolean posix() {
    return TokenFiles.posix();
  }

  @Override
  public String toString() {
    return "TokenStore.file(" + path + ")";
  }
}
