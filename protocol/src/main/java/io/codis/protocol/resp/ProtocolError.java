package io.codis.protocol.resp;

import java.nio.charset.StandardCharsets;

/**
 * Emitted by {@link RespRequestDecoder} instead of a command when the client broke the protocol or a
 * limit, and by {@link RespReplyDecoder} when a server's reply is malformed. The receiver of a
 * request error replies {@link #encodedReply()} (unless {@link #silent()}) and closes the
 * connection; the decoder discards everything after it.
 *
 * @param reason Redis's text after {@code "Protocol error: "}; one char per byte of the wire
 *     (ISO-8859-1), since Redis echoes the offending byte raw ({@code expected '$', got '\xff'})
 * @param silent true when Redis closes without a reply (query buffer limit)
 */
public record ProtocolError(String reason, boolean silent) {
  public String replyText() {
    return "ERR Protocol error: " + reason;
  }

  /**
   * The whole error reply, byte for byte as Redis sends it: {@code -ERR Protocol error: <reason>\r\n}
   * with CR and LF in the reason turned into spaces (Redis's {@code addReplyErrorLength} does the
   * same so the reply stays one line) and every other char written as the byte it stands for.
   */
  public byte[] encodedReply() {
    String text = replyText().replace('\r', ' ').replace('\n', ' ');
    return ("-" + text + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }
}
