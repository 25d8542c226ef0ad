package io.codis.node.commands.lists;

/**
 * The {@link ListRandomizedIT} suite again with persistence on (see {@code DifferentialTestBase#persistent}):
 * lists are written as deltas, and the store must equal what the node serves after each test.
 */
class ListRandomizedPersistentIT extends ListRandomizedIT {
  @Override
  protected boolean persistent() {
    return true;
  }
}
