package io.codis.node.keyspace;

/** Observes writes to the keyspace (WATCH, blocking commands, later replication and durability). */
public interface KeyspaceListener {
  /** {@code key} was created, changed, deleted or expired. */
  void keyModified(byte[] key);

  /** Every key may have changed (FLUSHALL, FLUSHDB, a slot flush). */
  void keyspaceFlushed();

  /** Every key of one slot was deleted; by default treated as a flush of everything observed. */
  default void slotFlushed(int slot) {
    keyspaceFlushed();
  }

  KeyspaceListener NONE =
      new KeyspaceListener() {
        @Override
        public void keyModified(byte[] key) {}

        @Override
        public void keyspaceFlushed() {}
      };
}
