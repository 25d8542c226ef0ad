package io.codis.node.migrate;

import io.codis.node.exec.CommandException;
import io.codis.node.exec.Dispatcher;
import io.codis.node.server.Session;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Applies one batch on the target. Every record is checked before any is applied (a known record,
 * its key in the batch's slot), then each runs through its own command's handler, as a client's
 * command would (so it is persisted and replicated to the target's replicas like any write), but
 * without the slot checks: the slot is not served here yet. A record that fails stops the batch
 * with an error; the source then fails the migration and the target's partial copy is dropped.
 */
final class ImportApplier {
  /** The records a source sends: key states ({@code set}, {@code restore}, {@code del}) and chunks. */
  static final Set<String> RECORDS = Set.of("set", "restore", "del", "hset", "sadd", "zadd", "rpush", "pexpireat");

  private ImportApplier() {}

  /** Applies the batch; returns the number of records. Event loop only. */
  static int apply(SlotMigrations ms, int slot, byte[] payload, Dispatcher dispatcher) {
    List<byte[][]> records;
    try {
      records = RecordReader.read(payload, ms.limits().recordArgsMax());
    } catch (RecordReader.BadBatch e) {
      throw new CommandException("ERR bad batch: " + e.getMessage());
    }
    for (byte[][] argv : records) {
      String name = RecordReader.name(argv);
      if (name.equals("slotsimport-flush")) {
        continue;
      }
      if (!RECORDS.contains(name) || argv.length < 2) {
        throw new CommandException("ERR bad batch: unknown record " + name);
      }
      if (ms.node().keyspace().slotOf(argv[1]) != slot) {
        throw new CommandException("ERR bad batch: key outside slot " + slot);
      }
    }
    Session s = ms.importSession();
    for (byte[][] argv : records) {
      if (RecordReader.name(argv).equals("slotsimport-flush")) {
        ms.applyFlush(slot);
        continue;
      }
      dispatcher.executeInternal(s, argv);
      ByteBuf reply = s.writer().buffer();
      boolean failed = reply != null && reply.isReadable() && reply.getByte(reply.readerIndex()) == '-';
      String error = failed ? reply.toString(StandardCharsets.UTF_8).trim() : null;
      s.flush();
      ((EmbeddedChannel) s.channel()).releaseOutbound();
      if (failed) {
        throw new CommandException("ERR import record " + RecordReader.name(argv) + " failed: " + error);
      }
    }
    return records.size();
  }
}
