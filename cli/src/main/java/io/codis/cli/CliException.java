package io.codis.cli;

/**
 * An error codisctl reports to the operator: an exit code, what went wrong and what to do next.
 */
public final class CliException extends RuntimeException {
  private final int exitCode;
  private final String hint;

  public CliException(int exitCode, String message, String hint) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
  }

  public static CliException refused(String message, String hint) {
    return new CliException(Exit.REFUSED, message, hint);
  }

  public static CliException unreachable(String message, String hint) {
    return new CliException(Exit.UNREACHABLE, message, hint);
  }

  public int exitCode() {
    return exitCode;
  }

  /** What the operator should do next, or null. */
  public String hint() {
    return hint;
  }
}
