package io.codis.node.commands.zsets;

/** The {@link ZSetBasicDifferentialIT} suite again with persistence on (see {@code DifferentialTestBase#persistent}). */
class ZSetBasicDifferentialPersistentIT extends ZSetBasicDifferentialIT {
  @Override
  protected boolean persistent() {
    return true;
  }
}
