package io.codis.node.keyspace;

/**
 * A collection whose changes since its last write to storage are journaled per field or member
 * (hashes, sets, sorted sets), so persistence writes only what changed. Lists journal their ends
 * instead ({@link ListJournal}).
 */
public abstract class JournaledValue {
  private ChangeJournal journal;

  /**
   * Persistence: this value was just written whole (or loaded, or its deltas written) as {@code
   * key}; from now on its changes are journaled until the next write.
   */
  public void markStored(byte[] key) {
    journal = new ChangeJournal(key);
  }

  /** The journal of changes since the value was last written, or null when it must be written whole. */
  public ChangeJournal journal() {
    return journal;
  }

  /** The next write to storage writes the value whole. */
  protected void forgetJournal() {
    journal = null;
  }

  /** Records that {@code field} changed from {@code before}; a full journal means "write it whole". */
  protected void changed(byte[] field, Object before) {
    if (journal != null && !journal.record(field, before)) {
      journal = null;
    }
  }
}
