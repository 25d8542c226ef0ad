package io.codis.node.storage;

/**
 * A stored record failed its check on read (CRC32C mismatch, truncated payload, a size that does
 * not match the sub-keys found, or a RocksDB block checksum error). The record is never returned as
 * data; the message names the user key and the column family so an operator can find it.
 */
public final class StorageCorruptionException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final transient byte[] key;

  public StorageCorruptionException(byte[] key, String columnFamily, String what) {
    this(key, columnFamily, what, null);
  }

  public StorageCorruptionException(byte[] key, String columnFamily, String what, Throwable cause) {
    super("corrupt record for key '" + KeyCodec.printable(key) + "' in column family " + columnFamily
        + ": " + what, cause);
    this.key = key.clone();
  }

  /** The user key whose record is corrupt. */
  public byte[] key() {
    return key.clone();
  }
}
