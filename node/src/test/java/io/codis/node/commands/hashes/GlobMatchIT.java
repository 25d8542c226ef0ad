package io.codis.node.commands.hashes;

import static io.codis.node.commands.hashes.CollectionReplies.bytes;

import io.codis.node.testing.DifferentialTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Our glob matcher against Redis's {@code stringmatchlen}, through HSCAN MATCH on a listpack hash
 * (which Redis returns whole): random patterns made of the special characters over random fields.
 */
class GlobMatchIT extends DifferentialTestBase {
  private static final String ALPHABET = "ab*?[]^-\\\u00ff\u0000";

  @Test
  void randomPatternsMatchLikeRedis() throws Exception {
    Random random = new Random(99);
    for (int round = 0; round < 4; round++) {
      List<String> cmd = new ArrayList<>(List.of("HSET", "h" + round));
      for (int i = 0; i < 60; i++) {
        cmd.add(word(random, 6));
        cmd.add("v");
      }
      d.same(bytes(cmd.toArray(new String[0])));
      for (int p = 0; p < 250; p++) {
        d.compare(r -> CollectionReplies.scanUnordered(r, true),
            bytes("HSCAN", "h" + round, "0", "MATCH", word(random, 8), "COUNT", "1000"));
      }
    }
  }

  private static String word(Random random, int maxLength) {
    StringBuilder sb = new StringBuilder();
    for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
