package io.codis.node.commands.hashes;

/** The {@link HashDifferentialIT} suite again with persistence on (see {@code DifferentialTestBase#persistent}). */
class HashDifferentialPersistentIT extends HashDifferentialIT {
  @Override
  protected boolean persistent() {
    return true;
  }
}
