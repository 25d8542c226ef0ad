package io.codis.meta.server.state;

/**
 * Every bound the state machine enforces, in one place. A command that would cross one is refused
 * with OUT_OF_RANGE or LIMIT_EXCEEDED before it changes anything.
 */
public record Limits(int slotCountMax, int groupIdMax, int serversPerGroupMax, int proxiesMax,
    int nodesMax, int kvKeysMax, int kvKeyBytesMax, int kvValueBytesMax, int idBytesMax,
    long leaseTtlMsMin, long leaseTtlMsMax) {

  public static final Limits DEFAULT = new Limits(16384, 65535, 16, 4096, 4096, 10_000, 256,
      64 * 1024, 128, 100, 600_000);

  public static final int DEFAULT_SLOT_COUNT = 1024;
}
