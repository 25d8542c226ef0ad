package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the sorted-set group (arity, flags and keys as Redis 7.0's COMMAND INFO reports them). */
final class SortedSetRows {
  private SortedSetRows() {}

  private static final String G = "sorted_set";

  static void register(CommandTable.Rows t) {
    t.row("zadd", -4, G, "1.2.0", "Adds one or more members to a sorted set, or updates their scores.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("zincrby", 4, G, "1.2.0", "Increments the score of a member in a sorted set.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("zrem", -3, G, "1.2.0", "Removes one or more members from a sorted set.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("zcard", 2, G, "1.2.0", "Returns the number of members in a sorted set.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("zscore", 3, G, "1.2.0", "Returns the score of a member in a sorted set.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("zmscore", -3, G, "6.2.0", "Returns the score of one or more members in a sorted set.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("zrank", 3, G, "2.0.0", "Returns the index of a member in a sorted set ordered by ascending scores.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("zrevrank", 3, G, "2.0.0", "Returns the index of a member in a sorted set ordered by descending scores.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("zcount", 4, G, "2.0.0", "Returns the count of members in a sorted set that have scores within a range.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("zlexcount", 4, G, "2.8.9", "Returns the number of members in a sorted set within a lexicographical range.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("zrange", -4, G, "1.2.0", "Returns members in a sorted set within a range of indexes, scores or members.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("zrangestore", -5, G, "6.2.0", "Stores a range of members from sorted set in a key.")
        .flags(WRITE, DENYOOM).keys(1, 2, 1).add();
    t.row("zrevrange", -4, G, "1.2.0", "Returns members in a sorted set within a range of indexes in reverse order.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("zrangebyscore", -4, G, "1.0.5", "Returns members in a sorted set within a range of scores.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("zrevrangebyscore", -4, G, "2.2.0", "Returns members in a sorted set within a range of scores in reverse order.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("zrangebylex", -4, G, "2.8.9", "Returns members in a sorted set within a lexicographical range.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("zrevrangebylex", -4, G, "2.8.9", "Returns members in a sorted set within a lexicographical range in reverse order.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("zremrangebyrank", 4, G, "2.0.0", "Removes members in a sorted set within a range of indexes.")
        .flags(WRITE).keys(1, 1, 1).add();
    t.row("zremrangebyscore", 4, G, "1.2.0", "Removes members in a sorted set within a range of scores.")
        .flags(WRITE).keys(1, 1, 1).add();
    t.row("zremrangebylex", 4, G, "2.8.9", "Removes members in a sorted set within a lexicographical range.")
        .flags(WRITE).keys(1, 1, 1).add();
    t.row("zpopmin", -2, G, "5.0.0", "Returns the lowest-scoring members from a sorted set after removing them.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("zpopmax", -2, G, "5.0.0", "Returns the highest-scoring members from a sorted set after removing them.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("zmpop", -4, G, "7.0.0", "Returns the highest- or lowest-scoring members from one or more sorted sets after removing them.")
        .flags(WRITE).keys(new KeySpec.Keynum(1, 1, 1)).add();
    t.row("bzpopmin", -3, G, "5.0.0", "Removes and returns the member with the lowest score from one or more sorted sets, blocking until one is available.")
        .flags(WRITE, NOSCRIPT, BLOCKING, FAST).keys(1, -2, 1).policy(ProxyPolicy.BLOCKING).add();
    t.row("bzpopmax", -3, G, "5.0.0", "Removes and returns the member with the highest score from one or more sorted sets, blocking until one is available.")
        .flags(WRITE, NOSCRIPT, BLOCKING, FAST).keys(1, -2, 1).policy(ProxyPolicy.BLOCKING).add();
    t.row("bzmpop", -5, G, "7.0.0", "Removes and returns a member by score from one or more sorted sets, blocking until one is available.")
        .flags(WRITE, BLOCKING).keys(new KeySpec.Keynum(2, 1, 1)).policy(ProxyPolicy.BLOCKING).add();
    t.row("zinter", -3, G, "6.2.0", "Returns the intersect of multiple sorted sets.")
        .flags(READONLY).keys(new KeySpec.Keynum(1, 1, 1)).add();
    t.row("zunion", -3, G, "6.2.0", "Returns the union of multiple sorted sets.")
        .flags(READONLY).keys(new KeySpec.Keynum(1, 1, 1)).add();
    t.row("zdiff", -3, G, "6.2.0", "Returns the difference between multiple sorted sets.")
        .flags(READONLY).keys(new KeySpec.Keynum(1, 1, 1)).add();
    t.row("zinterstore", -4, G, "2.0.0", "Stores the intersect of multiple sorted sets in a key.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).keys(new KeySpec.Keynum(2, 1, 1)).add();
    t.row("zunionstore", -4, G, "2.0.0", "Stores the union of multiple sorted sets in a key.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).keys(new KeySpec.Keynum(2, 1, 1)).add();
    t.row("zdiffstore", -4, G, "6.2.0", "Stores the difference of multiple sorted sets in a key.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).keys(new KeySpec.Keynum(2, 1, 1)).add();
    t.row("zintercard", -3, G, "7.0.0", "Returns the number of members of the intersect of multiple sorted sets.")
        .flags(READONLY).keys(new KeySpec.Keynum(1, 1, 1)).add();
    t.row("zrandmember", -2, G, "6.2.0", "Returns one or more random members from a sorted set.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("zscan", -3, G, "2.8.0", "Iterates over members and scores of a sorted set.")
        .flags(READONLY).keys(1, 1, 1).add();
  }
}
