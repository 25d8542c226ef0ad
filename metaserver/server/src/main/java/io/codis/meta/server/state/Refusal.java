package io.codis.meta.server.state;

import io.codis.meta.client.model.ErrorCode;

/**
 * A command that fails validation. Thrown before any mutation, so a refused command leaves the
 * state exactly as it was. No stack trace: refusals are expected answers, not bugs.
 */
public final class Refusal extends RuntimeException {
  private final ErrorCode code;

  public Refusal(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
