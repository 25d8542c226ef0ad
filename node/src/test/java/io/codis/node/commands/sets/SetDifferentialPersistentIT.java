package io.codis.node.commands.sets;

/** The {@link SetDifferentialIT} suite again with persistence on (see {@code DifferentialTestBase#persistent}). */
class SetDifferentialPersistentIT extends SetDifferentialIT {
  @Override
  protected boolean persistent() {
    return true;
  }
}
