package io.codis.node.storage;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link StorageCrashIT}: writes forever under the given appendfsync mode and
 * prints {@code ACK <round> <i> OK} for every write once its durability callback ran. The parent
 * kills it with SIGKILL at a random moment and checks every acknowledged write survived.
 *
 * <p>Each write is one batch holding a string, a hash field and a list element, so recovery also
 * shows batches are atomic and the list is a gap-free prefix.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    FsyncMode mode = FsyncMode.parse(args[1]);
    String round = args[2];
    // Line-flushed, so a line the parent reads was written before the process died.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
    StorageEngine engine = StorageEngine.open(StorageOptions.of(dir, mode));
    out.println("READY");
    for (long i = 0; ; i++) {
      long n = i;
      StoreBatch batch = engine.newBatch();
      batch.putString(key(round, "k", n), value(n), 0);
      batch.hashPut(key(round, "h", -1), value(n), value(n), false);
      batch.listPushTail(key(round, "l", -1), value(n));
      batch.commit(() -> out.println("ACK " + round + " " + n + " OK"));
    }
  }

  static byte[] key(String round, String kind, long n) {
    return (round + ":" + kind + (n >= 0 ? ":" + n : "")).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] value(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }
}
