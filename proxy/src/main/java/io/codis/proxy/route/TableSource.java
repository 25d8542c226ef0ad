package io.codis.proxy.route;

/**
 * Where sessions get the slot table from. The metaserver link implements it with a lease; tests
 * and static set-ups use a fixed table. Any thread may call it.
 */
public interface TableSource {
  /** The table to route with now, or null when the proxy must not serve (see {@link #downReason()}). */
  SlotTable usable();

  /** Why {@link #usable()} is null, as the text after {@code CLUSTERDOWN}. */
  String downReason();

  /**
   * Asks for the current table now (a node said the table moved), then runs {@code done} on any
   * thread, whether or not the table changed. Concurrent calls may share one fetch. A fixed source
   * has nothing to fetch and runs {@code done} at once.
   */
  default void refresh(Runnable done) {
    done.run();
  }

  /** A source that always serves the same table. */
  static TableSource fixed(SlotTable table) {
    return new TableSource() {
      @Override
      public SlotTable usable() {
        return table;
      }

      @Override
      public String downReason() {
        return "no slot table";
      }
    };
  }
}
