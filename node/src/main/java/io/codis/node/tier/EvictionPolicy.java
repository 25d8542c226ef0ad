package io.codis.node.tier;

import java.util.Locale;

/** Redis's {@code maxmemory-policy} values: which keys are candidates, and how they are ranked. */
public enum EvictionPolicy {
  NOEVICTION(false, Rank.NONE),
  ALLKEYS_LRU(false, Rank.LRU),
  VOLATILE_LRU(true, Rank.LRU),
  ALLKEYS_LFU(false, Rank.LFU),
  VOLATILE_LFU(true, Rank.LFU),
  ALLKEYS_RANDOM(false, Rank.RANDOM),
  VOLATILE_RANDOM(true, Rank.RANDOM),
  VOLATILE_TTL(true, Rank.TTL);

  /** How sampled candidates are compared. */
  public enum Rank { NONE, LRU, LFU, RANDOM, TTL }

  private final boolean volatileOnly;
  private final Rank rank;

  EvictionPolicy(boolean volatileOnly, Rank rank) {
    this.volatileOnly = volatileOnly;
    this.rank = rank;
  }

  /** Only keys with an expiry are candidates (the volatile-* policies). */
  public boolean volatileOnly() {
    return volatileOnly;
  }

  public Rank rank() {
    return rank;
  }

  /** Parses Redis's name ({@code allkeys-lru}); the CONFIG store has already validated it. */
  public static EvictionPolicy parse(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
