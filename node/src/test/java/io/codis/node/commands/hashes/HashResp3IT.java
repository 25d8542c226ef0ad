package io.codis.node.commands.hashes;

import static io.codis.node.commands.hashes.CollectionReplies.bytes;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hash replies in RESP3 (maps, nulls, nested pairs) against redis-server. Skipped while the node
 * has no HELLO command.
 */
class HashResp3IT extends DifferentialTestBase {

  @BeforeEach
  void resp3() throws Exception {
    d.reference().call("HELLO", "3");
    Reply ours = d.ours().call("HELLO", "3");
    assumeFalse(ours instanceof Reply.Error, "the node does not speak RESP3 yet: " + ours);
  }

  @Test
  void shapes() throws Exception {
    d.same("HGETALL", "nokey");
    d.same("HGET", "nokey", "f");
    d.same("HMGET", "nokey", "f", "g");
    d.same("HRANDFIELD", "nokey");
    d.same("HRANDFIELD", "nokey", "3", "WITHVALUES");
    d.same("HKEYS", "nokey");
    d.same("HSCAN", "nokey", "0");
    d.same("HSET", "h", "a", "1", "b", "2", "c", "3");
    d.samePairsUnordered("HGETALL", "h");
    d.same("HMGET", "h", "a", "zz");
    d.same("HGET", "h", "zz");
    d.same("HINCRBYFLOAT", "h", "a", "1.5");
    d.same("HINCRBY", "h", "b", "1");
    d.same("HEXISTS", "h", "a");
    d.sameUnordered("HKEYS", "h");
    d.sameUnordered("HRANDFIELD", "h", "5", "WITHVALUES");
    d.same("HRANDFIELD", "h", "0", "WITHVALUES");
    Set<String> all = Set.of("a", "b", "c", "2.5", "3");
    CollectionReplies.sameRandom(d, all, "HRANDFIELD", "h");
    CollectionReplies.sameRandom(d, all, "HRANDFIELD", "h", "2", "WITHVALUES");
    CollectionReplies.sameRandom(d, all, "HRANDFIELD", "h", "-5", "WITHVALUES");
    CollectionReplies.sameRandom(d, all, "HRANDFIELD", "h", "1", "WITHVALUES");
    CollectionReplies.sameRandom(d, all, "HRANDFIELD", "h", "-2");
    d.compare(r -> CollectionReplies.scanUnordered(r, true), bytes("HSCAN", "h", "0"));
    d.same("SET", "str", "x");
    d.same("HGETALL", "str");
  }
}
