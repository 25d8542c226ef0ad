package io.codis.meta.client;

import io.codis.meta.client.model.ErrorCode;

/** An error answer of the metaserver (or no answer at all: UNAVAILABLE / TIMEOUT). */
public final class MetaException extends RuntimeException {
  private final ErrorCode code;
  private final int httpStatus;

  public MetaException(ErrorCode code, int httpStatus, String message) {
    super(code + " " + message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public ErrorCode code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
