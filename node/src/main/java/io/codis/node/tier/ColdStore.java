package io.codis.node.tier;

/** What the tier needs from the durable store ({@code appendonly yes}) to drop and reload values. */
public interface ColdStore {
  /**
   * Reads a key's value back from the store (the key exists there: the keyspace says so). Throws a
   * command error when it cannot be served (corruption); the key then stays cold.
   */
  Object loadCold(byte[] key);

  /** True while a write to {@code key} is not yet in the store: its value must stay in memory. */
  boolean isDirty(byte[] key);

  /** Writes every pending write to the store now (so their keys may go cold). */
  void commitDirty();

  /**
   * False once a store write failed: writes since then may not be in the store, so no value may go
   * cold any more (memory is then allowed past the budget rather than serving stale data).
   */
  boolean writable();
}
