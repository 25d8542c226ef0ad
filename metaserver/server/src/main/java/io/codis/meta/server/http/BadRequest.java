package io.codis.meta.server.http;

import io.codis.meta.client.model.ErrorCode;

/** A request refused by the HTTP layer before it reaches Raft. */
final class BadRequest extends RuntimeException {
  final ErrorCode code;

  BadRequest(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }
}
