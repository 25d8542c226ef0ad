package io.codis.node.commands.lists;

/**
 * The {@link ListDifferentialIT} suite again with persistence on (see {@code DifferentialTestBase#persistent}):
 * lists are written as deltas, and the store must equal what the node serves after each test.
 */
class ListDifferentialPersistentIT extends ListDifferentialIT {
  @Override
  protected boolean persistent() {
    return true;
  }
}
