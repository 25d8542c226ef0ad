package io.codis.node.commands.sets;

import static io.codis.node.commands.hashes.CollectionReplies.bytes;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.codis.node.commands.hashes.CollectionReplies;
import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Set replies in RESP3 (set types where Redis sends them, arrays where it does not) against
 * redis-server. Skipped while the node has no HELLO command.
 */
class SetResp3IT extends DifferentialTestBase {

  @BeforeEach
  void resp3() throws Exception {
    d.reference().call("HELLO", "3");
    Reply ours = d.ours().call("HELLO", "3");
    assumeFalse(ours instanceof Reply.Error, "the node does not speak RESP3 yet: " + ours);
  }

  @Test
  void shapes() throws Exception {
    for (String[] cmd : new String[][] {{"SMEMBERS", "nokey"}, {"SPOP", "nokey"}, {"SPOP", "nokey", "2"},
        {"SRANDMEMBER", "nokey"}, {"SRANDMEMBER", "nokey", "2"}, {"SINTER", "nokey"},
        {"SUNION", "nokey"}, {"SDIFF", "nokey"}, {"SMISMEMBER", "nokey", "a"},
        {"SISMEMBER", "nokey", "a"}, {"SINTERCARD", "1", "nokey"}, {"SSCAN", "nokey", "0"}}) {
      d.same(cmd);
    }
    d.same("SADD", "s", "a", "b", "c");
    d.same("SADD", "t", "b", "c", "d");
    d.sameUnordered("SMEMBERS", "s");
    d.sameUnordered("SINTER", "s", "t");
    d.sameUnordered("SUNION", "s", "t");
    d.sameUnordered("SDIFF", "s", "t");
    d.same("SMISMEMBER", "s", "a", "zz");
    d.sameUnordered("SRANDMEMBER", "s", "5");
    d.same("SRANDMEMBER", "s", "0");
    d.same("SPOP", "s", "0");
    Set<String> all = Set.of("a", "b", "c");
    CollectionReplies.sameRandom(d, all, "SRANDMEMBER", "s");
    CollectionReplies.sameRandom(d, all, "SRANDMEMBER", "s", "2");
    CollectionReplies.sameRandom(d, all, "SRANDMEMBER", "s", "-4");
    d.compare(r -> CollectionReplies.scanUnordered(r, false), bytes("SSCAN", "s", "0"));
    d.sameUnordered("SPOP", "t", "10");
    d.same("SMEMBERS", "t");
    d.sameUnordered("SPOP", "s", "3");
    d.same("SADD", "u", "x", "y", "z");
    CollectionReplies.sameRandom(d, Set.of("x", "y", "z"), "SPOP", "u", "2");
  }
}
