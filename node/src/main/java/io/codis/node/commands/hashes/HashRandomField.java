package io.codis.node.commands.hashes;

import io.codis.node.commands.common.RandomSampling;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Dict;
import io.codis.node.keyspace.HashValue;
import io.codis.protocol.resp.RespWriter;
import java.util.List;
import java.util.random.RandomGenerator;

/** HRANDFIELD, with Redis 7.0's count rules and reply shapes (pairs nest in RESP3). */
final class HashRandomField {
  private HashRandomField() {}

  /* HRANDFIELD key [count [WITHVALUES]] */
  static void hrandfield(Call c) {
    if (c.argc() == 2) {
      HashValue hash = c.typed(c.arg(1), HashValue.class);
      if (hash == null) {
        c.reply().nullBulk();
        return;
      }
      c.reply().bulk(hash.fields().randomEntry(RandomSampling.random()).key());
      return;
    }
    long requested = RandomSampling.parseSignedCount(c, 2);
    if (c.argc() > 4 || (c.argc() == 4 && !c.argIs(3, "withvalues"))) {
      throw new CommandException(Errors.SYNTAX);
    }
    boolean withValues = c.argc() == 4;
    if (withValues) {
      RandomSampling.checkPairedCount(requested);
    }
    boolean distinct = requested >= 0;
    long count = Math.abs(requested);
    HashValue hash = c.typed(c.arg(1), HashValue.class);
    RespWriter out = c.reply();
    if (hash == null || count == 0) {
      out.arrayHeader(0);
      return;
    }
    Dict<byte[]> fields = hash.fields();
    RandomGenerator random = RandomSampling.random();
    boolean flatPairs = withValues && !out.resp3();
    if (!distinct || count == 1) {
      RandomSampling.checkRepeated(count);
      out.arrayHeader((int) (flatPairs ? count * 2 : count));
      for (long i = 0; i < count; i++) {
        Dict.Entry<byte[]> e = fields.randomEntry(random);
        writeEntry(out, e.key(), e.value(), withValues);
      }
      return;
    }
    int size = fields.size();
    int replySize = (int) Math.min(count, size);
    out.arrayHeader(flatPairs ? replySize * 2 : replySize);
    if (count >= size) {
      fields.forEach((field, value) -> writeEntry(out, field, value, withValues));
      return;
    }
    List<byte[]> picked = RandomSampling.distinct(fields, replySize, random);
    for (byte[] field : picked) {
      writeEntry(out, field, fields.get(field), withValues);
    }
  }

  private static void writeEntry(RespWriter out, byte[] field, byte[] value, boolean withValues) {
    if (withValues && out.resp3()) {
      out.arrayHeader(2);
    }
    out.bulk(field);
    if (withValues) {
      out.bulk(value);
    }
  }
}
