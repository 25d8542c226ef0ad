package io.codis.node.commands.zsets;

import io.codis.node.commands.common.CollectionScan;
import io.codis.node.commands.common.RandomSampling;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Dict;
import io.codis.node.keyspace.ZSetValue;
import io.codis.node.keyspace.ZSkipList.Node;
import io.codis.protocol.resp.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** ZRANDMEMBER and ZSCAN: the commands whose answers depend on chance or on the table's layout. */
final class ZRandomScanCommands {
  private ZRandomScanCommands() {}

  static void register(CommandRegistry r) {
    r.register("zrandmember", ZRandomScanCommands::zrandmember);
    r.register("zscan", ZRandomScanCommands::zscan);
  }

  /* ZRANDMEMBER key [count [WITHSCORES]] */
  static void zrandmember(Call c) {
    if (c.argc() < 3) {
      ZSetValue z = ZSetCommands.zset(c, c.arg(1));
      if (z == null) {
        c.reply().nullBulk();
        return;
      }
      c.reply().bulk(z.scores().randomEntry(RandomSampling.random()).key());
      return;
    }
    long requested = RandomSampling.parseSignedCount(c, 2);
    if (c.argc() > 4 || (c.argc() == 4 && !c.argIs(3, "withscores"))) {
      throw new CommandException(Errors.SYNTAX);
    }
    boolean withScores = c.argc() == 4;
    if (withScores) {
      RandomSampling.checkPairedCount(requested);
    }
    ZSetValue z = ZSetCommands.zset(c, c.arg(1));
    if (z == null || requested == 0) {
      c.reply().arrayHeader(0);
      return;
    }
    boolean unique = requested > 0;
    long count = Math.abs(requested);
    RandomGenerator random = RandomSampling.random();
    if (!unique || count == 1) {
      RandomSampling.checkRepeated(count);
      ZReply.header(c, count, withScores);
      for (long i = 0; i < count; i++) {
        Dict.Entry<Double> e = z.scores().randomEntry(random);
        ZReply.element(c, e.key(), e.value(), withScores);
      }
      return;
    }
    if (count >= z.size()) {
      ZReply.header(c, z.size(), withScores);
      for (Node n = z.order().first(); n != null; n = n.next()) {
        ZReply.element(c, n.member(), n.score(), withScores);
      }
      return;
    }
    List<byte[]> picked = RandomSampling.distinct(z.scores(), (int) count, random);
    ZReply.header(c, picked.size(), withScores);
    for (byte[] member : picked) {
      ZReply.element(c, member, z.scores().get(member), withScores);
    }
  }

  /* ZSCAN key cursor [MATCH pattern] [COUNT count] */
  static void zscan(Call c) {
    long cursor = CollectionScan.parseCursor(c.arg(2));
    ZSetValue z = ZSetCommands.zset(c, c.arg(1));
    if (z == null) {
      CollectionScan.emptyReply(c.reply());
      return;
    }
    CollectionScan.Options options = CollectionScan.parseOptions(c, 3);
    List<byte[]> pairs = new ArrayList<>();
    if (z.listpack()) {
      // Redis returns a listpack whole, in order, with its stored score text.
      for (Node n = z.order().first(); n != null; n = n.next()) {
        addIfMatching(options, pairs, n.member(), listpackScoreText(n.score()));
      }
      CollectionScan.reply(c.reply(), 0, pairs);
      return;
    }
    // COUNT counts members, but Redis compares it with a list holding members and scores.
    long wanted = options.count() > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : options.count() * 2;
    int[] visited = {0};
    long next = CollectionScan.walk(z.scores(), cursor, wanted, (member, score) -> {
      visited[0] += 2;
      addIfMatching(options, pairs, member, RespWriter.formatDouble(score));
    }, () -> visited[0]);
    CollectionScan.reply(c.reply(), next, pairs);
  }

  private static void addIfMatching(CollectionScan.Options options, List<byte[]> pairs,
      byte[] member, String score) {
    if (options.accepts(member)) {
      pairs.add(member);
      pairs.add(score.getBytes(StandardCharsets.US_ASCII));
    }
  }

  /**
   * A score as a listpack holds it: integral values within +-2^62 as integers (Redis's double2ll),
   * everything else as %.17g text.
   */
  static String listpackScoreText(double score) {
    if (score >= -0x1p62 && score <= 0x1p62 && score == Math.rint(score)) {
      return Long.toString((long) score);
    }
    return RespWriter.formatDouble(score);
  }
}
