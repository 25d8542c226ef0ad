package io.codis.proxy.differential;

import java.util.Map;

/**
 * Tests of the node's differential suites that cannot pass through the proxy, each with its reason
 * (the same list is in docs/proxy.md, "Differential suite through the proxy"). Keys are
 * {@code SimpleClassName#method}, or {@code SimpleClassName#*} for a whole suite. A skip ends the
 * whole test, so the assertions after the first different reply go unchecked too.
 */
final class ProxySkips {
  private static final String IN_JVM =
      "looks inside the in-JVM node (keyspace, sessions, event loop); behind a proxy only the wire is visible";

  private static final Map<String, String> REASONS = Map.ofEntries(
      // Whole suites.
      // Single tests: not served yet.
      Map.entry("ObjectIT#helpAndErrors", "not served yet: OBJECT HELP (the proxy answers "
          + "\"'object help' is not supported by the proxy yet\")"),
      Map.entry("ExpireIT#activeExpiryReclaimsUntouchedKeys", IN_JVM),
      Map.entry("Resp3IT#*", IN_JVM),
      Map.entry("BlockingListIT#blmoveWokenIntoAWrongTypeDestinationFailsAndLeavesTheSource", IN_JVM),
      Map.entry("BlockingListIT#aServedClientThatBlocksAgainGoesToTheBackOfTheQueue", IN_JVM),
      Map.entry("BlockingListIT#aClientBlockedOnSeveralKeysIsServedByTheFirstKeyThatGetsData", IN_JVM),
      Map.entry("BlockingListIT#blmoveFeedsAClientBlockedOnItsDestination", IN_JVM),
      Map.entry("BlockingListIT#pipelinedCommandsOfABlockedClientAreAnsweredAfterItIsServed", IN_JVM),
      Map.entry("BlockingListIT#aTimedOutClientNoLongerTakesData", IN_JVM),
      Map.entry("BlockingListIT#aClientThatDisconnectsWhileBlockedTakesNothing", IN_JVM),
      Map.entry("BlockingListIT#blockingOnAHundredThousandKeysIsQuick", IN_JVM),
      Map.entry("BlockingListIT#clientsBlockedOnOneKeyAreServedFirstComeFirstServed", IN_JVM),
      Map.entry("BlockingListIT#aKeyOfAnotherTypeLeavesTheClientBlockedInItsPlace", IN_JVM),
      Map.entry("BlockingListIT#blmoveOntoItselfRotatesAndFeedsTheNextClient", IN_JVM),
      Map.entry("BlockingListIT#blockedClientsAreServedAfterExecCompletes", IN_JVM),
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
      Map.entry("MultiKeyAndRangesIT#mgetMsetMsetnx", crossSlot("MSETNX n1 1 n2 2: atomic only within one slot")),
      Map.entry("SetResp3IT#shapes", crossSlot("SINTER s t")),
      Map.entry("SetSequenceIT#randomSequenceMatchesRedisInResp3", crossSlot("SUNION s3 s2 s2")),
      Map.entry("ListRandomizedIT#randomSequenceMatchesRedis", crossSlot("BRPOP {x}d b 0")),
      Map.entry("BlockingListIT#resp3NullsOfTimeoutsAndMulti", crossSlot("BLMOVE none dst ...")),
      Map.entry("BlockingListIT#argumentErrorsAndImmediateService", crossSlot("BRPOP str other abc: the slot check comes first, as in Redis Cluster")),
      Map.entry("BlockingListIT#blockingCommandsInsideMultiActAsTimeouts", crossSlot("blocking commands on other slots queued in MULTI")),
      Map.entry("BlockingListIT#timeoutsAnswerNullWithinABound", crossSlot("BRPOP none other 0.05")),
      Map.entry("ZSetBlockingDifferentialIT#servedFromTheKeyThatWasWrittenAndNotFromOtherTypes", crossSlot("BZPOPMIN over several keys")),
      Map.entry("ZSetBlockingDifferentialIT#timeoutRepliesNullArray", crossSlot("BZPOPMIN over several keys")),
      Map.entry("ZSetBlockingDifferentialIT#nonEmptyKeyAnswersAtOnce", crossSlot("BZPOPMIN missing k 0")),
      Map.entry("TransactionDifferentialIT#watchUntouchedOrUnwatchedRuns", crossSlot("WATCH w x")),
      Map.entry("TransactionDifferentialIT#execRunsQueuedCommandsInOrder", crossSlot("a queued GET on another slot than the transaction's")),
      Map.entry("TransactionDifferentialIT#queuedRefusalAbortsWithExecabort", crossSlot("a queued SET on another slot than the transaction's")),
      Map.entry("TransactionDifferentialIT#randomizedTransactions", crossSlot("SET k2 70 queued in a transaction on another slot")),
      Map.entry("TransactionDifferentialIT#noMultiCommandsAreRefusedInsideMulti", "expected: SHUTDOWN is refused by the proxy "
          + "(\"'shutdown' is not allowed through the proxy\") before the MULTI rule applies"),
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
