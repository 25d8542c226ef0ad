package io.codis.node.commands.zsets;

import io.codis.node.exec.Call;
import io.codis.node.keyspace.ZSkipList.Node;
import io.codis.protocol.resp.RespWriter;
import java.util.List;

/**
 * The reply shapes of member lists. With scores, RESP2 gets a flat array (member, score, member,
 * score...) with scores as bulk strings, RESP3 an array of [member, double] pairs: Redis 7 does not
 * use a map there because clients must keep the order.
 */
final class ZReply {
  private ZReply() {}

  /** The array header for {@code count} elements. */
  static void header(Call c, long count, boolean withScores) {
    RespWriter out = c.reply();
    out.arrayHeader((int) (withScores && !out.resp3() ? count * 2 : count));
  }

  /** One element; in RESP3 with scores a 2-element array. */
  static void element(Call c, byte[] member, double score, boolean withScores) {
    RespWriter out = c.reply();
    if (withScores && out.resp3()) {
      out.arrayHeader(2);
    }
    out.bulk(member);
    if (withScores) {
      out.doubleValue(score);
    }
  }

  /** A whole list of elements. */
  static void elements(Call c, List<Node> nodes, boolean withScores) {
    header(c, nodes.size(), withScores);
    for (Node n : nodes) {
      element(c, n.member(), n.score(), withScores);
    }
  }
}
