package io.codis.meta.server.raft;

import io.codis.meta.client.model.ApiError;
import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.server.Json;

/** An HTTP-ready answer: status and body bytes (JSON unless contentType says otherwise). */
public record ApiReply(int status, byte[] json, String contentType) {
  public static final String JSON = "application/json";
  /** Prometheus text exposition format. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  public ApiReply(int status, byte[] json) {
    this(status, json, JSON);
  }

  public static ApiReply text(String body) {
    return new ApiReply(200, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), PROMETHEUS_TEXT);
  }

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
