package io.codis.node.commands.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * SCAN against redis-server. Cursors differ between the two by design, so a full iteration's set of
 * keys is compared, never the cursors; argument errors are compared reply for reply.
 */
class ScanIT extends DifferentialTestBase {

  /** Runs SCAN to completion with {@code options}; returns the sorted distinct keys. */
  private static TreeSet<String> fullScan(RespClient client, String... options) throws Exception {
    TreeSet<String> keys = new TreeSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      List<String> args = new ArrayList<>(List.of("SCAN", cursor));
      args.addAll(List.of(options));
      Reply reply = client.call(args.toArray(new String[0]));
      assertTrue(reply instanceof Reply.Arr, () -> "SCAN replied " + reply);
      List<Reply> parts = ((Reply.Arr) reply).items();
      cursor = ((Reply.Bulk) parts.get(0)).text();
      for (Reply key : ((Reply.Arr) parts.get(1)).items()) {
        keys.add(key.toString());
      }
      assertTrue(++calls < 100_000, "SCAN does not terminate");
    } while (!cursor.equals("0"));
    return keys;
  }

  private void sameFullScan(String... options) throws Exception {
    assertEquals(fullScan(d.reference(), options), fullScan(d.ours(), options),
        () -> "SCAN " + String.join(" ", options));
  }

  @Test
  void fullIterationsReturnTheSameKeys() throws Exception {
    sameFullScan();
    for (int i = 0; i < 300; i++) {
      d.same("SET", "key:" + i, "v");
    }
    Fixtures.seedList(d, "list:1", "a");
    Fixtures.seedHash(d, "hash:1", "f", "v");
    Fixtures.seedSet(d, "set:1", "m");
    Fixtures.seedZSet(d, "zset:1", "1", "m");
    sameFullScan();
    sameFullScan("COUNT", "1");
    sameFullScan("COUNT", "7");
    sameFullScan("COUNT", "1000000");
    sameFullScan("COUNT", "9223372036854775807");
    sameFullScan("MATCH", "key:1*");
    sameFullScan("MATCH", "*:1");
    sameFullScan("MATCH", "*");
    sameFullScan("MATCH", "nothing*");
    sameFullScan("MATCH", "key:[0-2]?", "COUNT", "3");
    for (String type : new String[] {"string", "list", "hash", "set", "zset", "STRING", "stream", "foo"}) {
      sameFullScan("TYPE", type);
    }
    sameFullScan("TYPE", "string", "MATCH", "key:2*", "COUNT", "5");
    sameFullScan("MATCH", "a", "MATCH", "key:1", "TYPE", "list", "TYPE", "string");
  }

  @Test
  void expiredKeysAreNotReturned() throws Exception {
    for (int i = 0; i < 50; i++) {
      d.same("SET", "k" + i, "v");
      if (i % 2 == 0) {
        d.same("PEXPIRE", "k" + i, "1");
      }
    }
    Thread.sleep(20);
    sameFullScan();
  }

  @Test
  void cursorsAndArguments() throws Exception {
    d.same("SET", "a", "1");
    d.same("SCAN", "0");
    d.same("SCAN", "+0");
    d.same("SCAN", "");
    d.same("SCAN", " 0");
    d.same("SCAN", "0 ");
    d.same("SCAN", "abc");
    d.same("SCAN", "-");
    d.same("SCAN", "1.5");
    d.same("SCAN", "18446744073709551616");
    d.same("SCAN", "99999999999999999999999");
    d.same("SCAN", "0", "COUNT", "0");
    d.same("SCAN", "0", "COUNT", "-1");
    d.same("SCAN", "0", "COUNT", "abc");
    d.same("SCAN", "0", "COUNT");
    d.same("SCAN", "0", "MATCH");
    d.same("SCAN", "0", "TYPE");
    d.same("SCAN", "0", "FOO", "bar");
    d.same("SCAN", "abc", "COUNT", "0"); // the cursor is checked first
    d.same("SCAN");
    // Any unsigned 64-bit cursor is accepted; what it returns is ours to define.
    d.sameType("SCAN", "18446744073709551615");
    d.sameType("SCAN", "-1");
  }

  @Test
  void emptyKeyspace() throws Exception {
    d.same("SCAN", "0");
    d.same("SCAN", "0", "MATCH", "*", "COUNT", "100", "TYPE", "hash");
  }
}
