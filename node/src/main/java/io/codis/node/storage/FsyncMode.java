package io.codis.node.storage;

import java.util.Locale;

/**
 * Redis's {@code appendfsync}, mapped to the RocksDB write-ahead log (always on):
 *
 * <ul>
 *   <li>{@link #ALWAYS}: a write's callback runs only after the WAL holding it is synced; writes
 *       that arrive while a sync is running share the next one (group commit).
 *   <li>{@link #EVERYSEC}: the callback runs at once; a background thread syncs the WAL every second.
 *   <li>{@link #NO}: the callback runs at once; the operating system decides when to write back.
 * </ul>
 *
 * In every mode each write reaches the kernel before commit returns, so killing the process loses
 * nothing; the modes differ in what survives a power loss or a kernel crash.
 */
public enum FsyncMode {
  ALWAYS,
  EVERYSEC,
  NO;

  /** The CONFIG spelling: always, everysec, no. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a CONFIG value (any case); throws on anything else. */
  public static FsyncMode parse(String value) {
    for (FsyncMode mode : values()) {
      if (mode.configName().equalsIgnoreCase(value)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("appendfsync: '" + value + "' (expected: always, everysec, no)");
  }
}
