package io.codis.node.commands.slots;

import io.codis.node.commands.server.MemoryCommands;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Keyspace;
import io.codis.protocol.resp.RespWriter;

/** SLOTSINFO and SLOTSMEMORY: per-slot key counts and an estimate of per-slot bytes. */
public final class SlotsCommands {
  /** Keys SLOTSMEMORY measures in one slot before it extrapolates (the event loop stays responsive). */
  static final int MEMORY_SAMPLE_KEYS_MAX = 1_000;
  /** Values per key sampled inside collections (as MEMORY USAGE's default). */
  static final long VALUE_SAMPLES = 5;
  static final String INVALID_SLOT = "ERR invalid slot number";

  private SlotsCommands() {}

  public static void register(CommandRegistry r) {
    r.register("slotsinfo", SlotsCommands::info);
    r.register("slotsmemory", SlotsCommands::memory);
  }

  /*
   * SLOTSINFO [start [count]]
   * An array of [slot, keys] pairs for the slots in [start, start + count) that hold keys (Codis's
   * reply shape). Defaults: start 0, count all slots. Keys that expired but were not yet reclaimed
   * are counted, as DBSIZE counts them.
   */
  static void info(Call c) {
    if (c.argc() > 3) {
      throw new CommandException(Errors.wrongArgs("slotsinfo"));
    }
    Keyspace ks = c.keyspace();
    long start = c.argc() > 1 ? c.argLong(1) : 0;
    long count = c.argc() > 2 ? c.argLong(2) : ks.slotCount();
    if (start < 0 || start >= ks.slotCount() || count < 0) {
      throw new CommandException(INVALID_SLOT);
    }
    int end = (int) Math.min(ks.slotCount(), start + count);
    int rows = 0;
    for (int s = (int) start; s < end; s++) {
      if (ks.slotSize(s) > 0) {
        rows++;
      }
    }
    RespWriter out = c.reply();
    out.arrayHeader(rows);
    for (int s = (int) start; s < end; s++) {
      int n = ks.slotSize(s);
      if (n > 0) {
        out.arrayHeader(2);
        out.integer(s);
        out.integer(n);
      }
    }
  }

  /*
   * SLOTSMEMORY slot
   * Estimated bytes of the slot's keys and values, with MEMORY USAGE's per-key estimate; at most
   * MEMORY_SAMPLE_KEYS_MAX keys are measured and the sum is scaled to the slot's key count.
   */
  static void memory(Call c) {
    if (c.argc() != 2) {
      throw new CommandException(Errors.wrongArgs("slotsmemory"));
    }
    Keyspace ks = c.keyspace();
    long slot = c.argLong(1);
    if (slot < 0 || slot >= ks.slotCount()) {
      throw new CommandException(INVALID_SLOT);
    }
    int target = (int) slot;
    long[] sum = {0};
    int[] measured = {0};
    boolean[] passed = {false};
    long cursor = target; // the scan cursor keeps the slot in its low bits: start at bucket 0 of it
    do {
      cursor = ks.scan(cursor, 64, (key, value) -> {
        if (ks.slotOf(key) != target) {
          passed[0] = true;
        } else if (measured[0] < MEMORY_SAMPLE_KEYS_MAX) {
          sum[0] += MemoryCommands.KEY_OVERHEAD_BYTES + MemoryCommands.ARRAY_HEADER_BYTES + key.length
              + MemoryCommands.valueBytes(value, VALUE_SAMPLES);
          measured[0]++;
        }
      });
    } while (cursor != 0 && !passed[0] && measured[0] < MEMORY_SAMPLE_KEYS_MAX);
    int size = ks.slotSize(target);
    long bytes = measured[0] == 0 ? 0 : sum[0] * Math.max(size, measured[0]) / measured[0];
    c.reply().integer(bytes);
  }
}
