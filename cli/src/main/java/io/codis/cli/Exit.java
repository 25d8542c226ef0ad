package io.codis.cli;

/**
 * codisctl's exit codes (documented in docs/codisctl.md). Scripts branch on them: a refused
 * operation changed nothing, an unreachable cluster may be retried, an unknown outcome must be
 * checked before it is retried.
 */
public final class Exit {
  public static final int OK = 0;
  /** A bug or an unexpected answer. */
  public static final int FAILED = 1;
  /** Bad flags or arguments (Picocli's own code for usage errors). */
  public static final int USAGE = 2;
  /** The cluster (or codisctl's own check) refused the operation; nothing changed. */
  public static final int REFUSED = 3;
  /** No metaserver quorum, node or proxy answered; nothing changed. */
  public static final int UNREACHABLE = 4;
  /** A write got no definite answer: it may still be applied. Check before retrying. */
  public static final int UNKNOWN_OUTCOME = 5;

  private Exit() {}
}
