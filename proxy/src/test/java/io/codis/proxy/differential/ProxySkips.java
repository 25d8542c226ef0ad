package io.codis.proxy.differential;

import java.util.Map;

/**
 * Tests of the node's differential suites that cannot pass through the proxy, each with its reason
 * (the same list is in docs/proxy.md, "Differential suite through the proxy"). Keys are
 * {@code SimpleClassName#method}, or {@code SimpleClassName#*} for a whole suite. A skip ends the
 * whole test, so the assertions after the first different reply go unchecked too.
 */
final class ProxySkips {
  private static final String BLOCKING =
      "not served yet: blocking commands through the proxy (being built, proxysess)";
  private static final String TRANSACTIONS =
      "not served yet: MULTI/EXEC/WATCH through the proxy (being built, proxysess)";
  private static final String RESP3 =
      "not served yet: RESP3 to clients (the proxy answers HELLO 3 with -NOPROTO)";
  private static final String IN_JVM =
      "looks inside the in-JVM node (keyspace, sessions, event loop); behind a proxy only the wire is visible";

  private static final Map<String, String> REASONS = Map.ofEntries(
      // Whole suites.
      Map.entry("TransactionDifferentialIT#*", TRANSACTIONS),
      Map.entry("BlockingListIT#*", BLOCKING),
      Map.entry("ZSetBlockingDifferentialIT#*", BLOCKING),
      Map.entry("Resp3IT#*", RESP3),
      Map.entry("HashResp3IT#*", RESP3),
      Map.entry("SetResp3IT#*", RESP3),
      Map.entry("ZSetResp3DifferentialIT#*", RESP3),
      // Single tests: not served yet.
      Map.entry("HashSequenceIT#randomSequenceMatchesRedisInResp3", RESP3),
      Map.entry("SetSequenceIT#randomSequenceMatchesRedisInResp3", RESP3),
      Map.entry("ListRandomizedIT#randomSequenceMatchesRedis", BLOCKING + " (the sequence uses BRPOP)"),
      Map.entry("ObjectIT#helpAndErrors", "not served yet: OBJECT HELP (the proxy answers "
          + "\"'object help' is not supported by the proxy yet\")"),
      Map.entry("ExpireIT#activeExpiryReclaimsUntouchedKeys", IN_JVM),
      // Expected differences of a cluster.
      Map.entry("ScanIT#cursorsAndArguments", scan()),
      Map.entry("ScanIT#emptyKeyspace", scan()),
      Map.entry("BitsIT#bitop", crossSlot("BITOP AND dest a b c")),
      Map.entry("BitFieldAndLcsIT#lcs", crossSlot("LCS a b")),
      Map.entry("StringRandomSequenceIT#randomStringCommands", crossSlot("BITOP OR k3 list k3")),
      Map.entry("ListDifferentialIT#lmpop", crossSlot("LMPOP 2 a b RIGHT COUNT 3")),
      Map.entry("ListDifferentialIT#lmoveAndRpoplpush", crossSlot("LMOVE missing dst LEFT RIGHT")),
      Map.entry("SetDifferentialIT#binaryMembers", crossSlot("SINTER bin other")),
      Map.entry("SetDifferentialIT#algebra", crossSlot("SINTER a b")),
      Map.entry("SetDifferentialIT#stores", crossSlot("SINTERSTORE dst a b")),
      Map.entry("SetDifferentialIT#wrongType", crossSlot("SMOVE str s a")),
      Map.entry("SetDifferentialIT#smove", crossSlot("SMOVE src dst a")),
      Map.entry("SetSequenceIT#randomSequenceMatchesRedis", crossSlot("SUNION s0 s1 s0")),
      Map.entry("ZSetBasicDifferentialIT#wrongTypesAndMissingKeys", crossSlot("ZRANGESTORE d s 0 1")),
      Map.entry("ZSetRangeDifferentialIT#zrangestore", crossSlot("ZRANGESTORE dst z 0 2")),
      Map.entry("ZSetRandomizedDifferentialIT#smallSets", crossSlot("ZINTERSTORE z1 2 z3 z1 AGGREGATE MIN")),
      Map.entry("ZSetRandomizedDifferentialIT#largeSets", crossSlot("ZINTER 2 z2 z3 AGGREGATE MIN")),
      Map.entry("ZSetPopAlgebraDifferentialIT#zintercard", crossSlot("ZINTERCARD 2 a b")),
      Map.entry("ZSetPopAlgebraDifferentialIT#unionInterDiff", crossSlot("ZUNION 2 a b")),
      Map.entry("ZSetPopAlgebraDifferentialIT#pops", crossSlot("ZMPOP 2 missing z MIN")),
      Map.entry("ZSetPopAlgebraDifferentialIT#setsAsInputs", crossSlot("ZUNION 2 a s1 WITHSCORES")),
      Map.entry("KeysRandomizedIT#randomSequence", crossSlot("SORT k5 ALPHA DESC STORE k4")),
      Map.entry("SortIT#store", crossSlot("SORT list STORE out")),
      Map.entry("KeyCommandsIT#rename", crossSlot("RENAME nokey other")),
      Map.entry("KeyCommandsIT#renamenx", crossSlot("RENAMENX nokey x")),
      Map.entry("KeyCommandsIT#copy", crossSlot("COPY nokey x")),
      Map.entry("KeyCommandsIT#copyToOtherDatabaseAndMoveAreRefusedAsInCluster",
          crossSlot("COPY with DB across slots; Redis Cluster checks the slots first too")),
      // Bugs found by this suite (docs/proxy.md has the reproductions).
      Map.entry("MultiKeyAndRangesIT#mgetMsetMsetnx", "bug: MSET with an odd argument count "
          + "(MSET a 1 b) answers \"-ERR 'mset with this key layout' is not supported by the proxy yet\" "
          + "where Redis answers \"-ERR wrong number of arguments for 'mset' command\"; the rest of the "
          + "test (MSETNX a 1 b across slots) would be the expected CROSSSLOT"),
      Map.entry("SortIT#byAndGetPatterns", "cluster: a node in a cluster refuses SORT's BY and GET "
          + "patterns as Redis 7.0 in cluster mode does (\"-ERR BY option of SORT denied in Cluster mode.\"): "
          + "the keys a pattern forms may live in another group"));

  private ProxySkips() {
  }

  /** Skips nothing when set: re-checks every skip (e.g. once the proxy serves more commands). */
  static final String RUN_ALL = "codis.differential.noskip";

  static String reason(String testClass, String method) {
    if (Boolean.getBoolean(RUN_ALL)) {
      return null;
    }
    String exact = REASONS.get(testClass + "#" + method);
    return exact != null ? exact : REASONS.get(testClass + "#*");
  }

  /** Keys of one command in slots of different groups: Redis Cluster's answer, not one server's. */
  private static String crossSlot(String example) {
    return "expected: keys in different slots get -CROSSSLOT through the proxy, as in Redis Cluster ("
        + example + ")";
  }

  private static String scan() {
    return "expected: the proxy's SCAN walks group by group, so a page may be empty with a non-zero "
        + "cursor (SCAN's contract allows it; one redis-server answers cursor 0)";
  }
}
