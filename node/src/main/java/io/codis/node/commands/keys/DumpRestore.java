package io.codis.node.commands.keys;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Keyspace;

/** DUMP and RESTORE with our own payload format ({@link DumpPayload}). */
final class DumpRestore {
  static final String BUSYKEY = "BUSYKEY Target key name already exists.";
  static final String BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong";
  static final String BAD_FORMAT = "ERR Bad data format";

  private DumpRestore() {}

  static void register(CommandRegistry r) {
    r.register("dump", DumpRestore::dump);
    r.register("restore", DumpRestore::restore);
  }

  /* DUMP key */
  static void dump(Call c) {
    Object value = c.keyspace().get(c.arg(1));
    c.reply().bulk(value == null ? null : DumpPayload.encode(value));
  }

  /*
   * RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
   * Checks in Redis's order: options, existing key, TTL, version and checksum, body. IDLETIME and
   * FREQ are validated and accepted; the node keeps no per-key access clock for them to set.
   */
  static void restore(Call c) {
    boolean replace = false;
    boolean absTtl = false;
    long idle = -1;
    long freq = -1;
    for (int i = 4; i < c.argc(); i++) {
      int additional = c.argc() - i - 1;
      if (c.argIs(i, "replace")) {
        replace = true;
      } else if (c.argIs(i, "absttl")) {
        absTtl = true;
      } else if (c.argIs(i, "idletime") && additional >= 1 && freq == -1) {
        idle = c.argLong(i + 1);
        if (idle < 0) {
          throw new CommandException("ERR Invalid IDLETIME value, must be >= 0");
        }
        i++;
      } else if (c.argIs(i, "freq") && additional >= 1 && idle == -1) {
        freq = c.argLong(i + 1);
        if (freq < 0 || freq > 255) {
          throw new CommandException("ERR Invalid FREQ value, must be >= 0 and <= 255");
        }
        i++;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    Keyspace ks = c.keyspace();
    byte[] key = c.arg(1);
    if (!replace && ks.get(key) != null) {
      throw new CommandException(BUSYKEY);
    }
    long ttl = c.argLong(2);
    if (ttl < 0) {
      throw new CommandException("ERR Invalid TTL value, must be >= 0");
    }
    byte[] payload = c.arg(3);
    if (!DumpPayload.verify(payload)) {
      throw new CommandException(BAD_PAYLOAD);
    }
    Object value;
    try {
      value = DumpPayload.decode(payload);
    } catch (DumpPayload.BadFormat e) {
      throw new CommandException(BAD_FORMAT);
    }
    boolean deleted = replace && ks.remove(key);
    if (ttl != 0 && !absTtl) {
      ttl += c.now(); // wraps negative on overflow, which then counts as already expired (as in C)
    }
    if (ttl != 0 && ttl <= c.now()) {
      if (deleted) {
        ks.modified(key);
      }
      c.reply().ok();
      return;
    }
    ks.put(key, value);
    if (ttl != 0) {
      ks.expireAt(key, ttl);
    }
    ks.modified(key);
    c.reply().ok();
  }
}
