package io.codis.meta.server.raft;

import io.codis.meta.client.model.ApiError;
import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.server.Json;

/** An HTTP-ready answer: status and JSON body bytes. */
public record ApiReply(int status, byte[] json) {

  public static ApiReply ok(Object body) {
    return of(200, body);
  }

  public static ApiReply error(ErrorCode code, String message) {
    return of(code.httpStatus(), new ApiError(code.name(), message));
  }

  public static ApiReply of(int status, Object body) {
    try {
      return new ApiReply(status, Json.MAPPER.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + body.getClass().getSimpleName(), e);
    }
  }
}
