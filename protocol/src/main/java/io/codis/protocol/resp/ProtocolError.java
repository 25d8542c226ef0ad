package io.codis.protocol.resp;

/**
 * Emitted by {@link RespRequestDecoder} instead of a command when the client broke the protocol or a
 * limit. The receiver replies {@code -ERR Protocol error: <reason>} (unless {@link #silent()}) and
 * closes the connection; the decoder discards everything after it.
 *
 * @param reason Redis's text after {@code "Protocol error: "}
 * @param silent true when Redis closes without a reply (query buffer limit)
 */
public record ProtocolError(String reason, boolean silent) {
  public String replyText() {
    return "ERR Protocol error: " + reason;
  }
}
