package io.codis.node.commands.zsets;

/** The {@link ZSetRandomizedDifferentialIT} suite again with persistence on (see {@code DifferentialTestBase#persistent}). */
class ZSetRandomizedDifferentialPersistentIT extends ZSetRandomizedDifferentialIT {
  @Override
  protected boolean persistent() {
    return true;
  }
}
