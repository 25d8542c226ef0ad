package io.codis.node.replication;

import io.codis.node.commands.keys.DumpPayload;
import io.codis.node.keyspace.Keyspace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The records of the replication stream and of a full-sync snapshot: RESP arrays of bulk strings, so
 * the stream can be read with redis-cli and its byte count is the offset. A record states a key's
 * whole resulting state, never the command that produced it, so replaying is deterministic and
 * idempotent (relative TTLs are already absolute, SPOP's member choice already made):
 *
 * <pre>
 *   set key value [PXAT ms]                         a string
 *   restore key ms-or-0 payload REPLACE ABSTTL      any other type ({@link DumpPayload}), 0 = no TTL
 *   del key                                         the key is gone (deleted, expired, moved away)
 *   flushall | codis-flushslot slot                 every key / one slot deleted
 *   multi ... exec                                  records applied together (one write batch)
 *   ping                                            keep-alive (advances the offset, as in Redis)
 *   snapshot-end                                    end of a full sync's snapshot (not counted)
 * </pre>
 *
 * Idempotence is what makes the fuzzy snapshot correct: a key the snapshot caught after a later
 * write is simply written again by that write's record.
 */
public final class Effects {
  static final byte[] SET = bytes("set");
  static final byte[] RESTORE = bytes("restore");
  static final byte[] DEL = bytes("del");
  static final byte[] PXAT = bytes("PXAT");
  static final byte[] REPLACE = bytes("REPLACE");
  static final byte[] ABSTTL = bytes("ABSTTL");
  static final byte[] FLUSHALL = record(bytes("flushall"));
  static final byte[] MULTI = record(bytes("multi"));
  static final byte[] EXEC = record(bytes("exec"));
  static final byte[] PING = record(bytes("ping"));
  static final byte[] SNAPSHOT_END = record(bytes("snapshot-end"));

  private Effects() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The record stating {@code key}'s current state (expireAtMs < 0: no TTL). */
  public static byte[] keyState(byte[] key, Object value, long expireAtMs) {
    if (value instanceof byte[] string) {
      return expireAtMs < 0
          ? record(SET, key, string)
          : record(SET, key, string, PXAT, bytes(Long.toString(expireAtMs)));
    }
    return record(RESTORE, key, bytes(Long.toString(Math.max(0, expireAtMs))), DumpPayload.encode(value),
        REPLACE, ABSTTL);
  }

  public static byte[] deleted(byte[] key) {
    return record(DEL, key);
  }

  static byte[] slotFlushed(int slot) {
    return record(bytes("codis-flushslot"), bytes(Integer.toString(slot)));
  }

  /** RESP encoding of an array of bulk strings (the canonical form, whose length is the offset step). */
  public static byte[] record(byte[]... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 + args.length * 16);
    header(out, '*', args.length);
    for (byte[] arg : args) {
      header(out, '$', arg.length);
      out.write(arg, 0, arg.length);
      out.write('\r');
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static void header(ByteArrayOutputStream out, char kind, long n) {
    out.write(kind);
    byte[] digits = bytes(Long.toString(n));
    out.write(digits, 0, digits.length);
    out.write('\r');
    out.write('\n');
  }

  /** Thrown for a record a replica cannot apply: the link is broken, the replica resyncs. */
  public static final class BadRecord extends Exception {
    BadRecord(String detail) {
      super(detail, null, false, false);
    }
  }

  /**
   * Applies one key or flush record to the replica's keyspace and reports the write (WATCH,
   * durability). multi/exec/ping are handled by the link, not here.
   */
  static void apply(Keyspace keyspace, byte[][] argv) throws BadRecord {
    String name = new String(argv[0], StandardCharsets.US_ASCII);
    switch (name) {
      case "set" -> {
        need(argv, argv.length == 3 || argv.length == 5);
        keyspace.put(argv[1], argv[2]);
        if (argv.length == 5) {
          keyspace.expireAt(argv[1], number(argv[4]));
        }
        keyspace.modified(argv[1]);
      }
      case "restore" -> {
        need(argv, argv.length == 6);
        Object value;
        try {
          value = DumpPayload.verify(argv[3]) ? DumpPayload.decode(argv[3]) : null;
        } catch (DumpPayload.BadFormat e) {
          throw new BadRecord("bad payload for restore: " + e.getMessage());
        }
        if (value == null) {
          throw new BadRecord("payload checksum mismatch in restore");
        }
        keyspace.put(argv[1], value);
        long at = number(argv[2]);
        if (at > 0) {
          keyspace.expireAt(argv[1], at);
        }
        keyspace.modified(argv[1]);
      }
      case "del" -> {
        need(argv, argv.length == 2);
        keyspace.remove(argv[1]);
        keyspace.modified(argv[1]);
      }
      case "flushall" -> keyspace.flushAll();
      case "codis-flushslot" -> {
        need(argv, argv.length == 2);
        long slot = number(argv[1]);
        if (slot < 0 || slot >= keyspace.slotCount()) {
          throw new BadRecord("slot out of range: " + slot);
        }
        keyspace.flushSlot((int) slot);
      }
      default -> throw new BadRecord("unknown record: " + name);
    }
  }

  private static void need(byte[][] argv, boolean ok) throws BadRecord {
    if (!ok) {
      throw new BadRecord("wrong number of arguments for " + new String(argv[0], StandardCharsets.US_ASCII));
    }
  }

  private static long number(byte[] digits) throws BadRecord {
    try {
      return Long.parseLong(new String(digits, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new BadRecord("not a number: " + new String(digits, StandardCharsets.US_ASCII));
    }
  }
}
