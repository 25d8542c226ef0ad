package io.codis.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A multibulk request as {@link RespRequestDecoder} emits it in frame-keeping mode (the proxy's):
 * the arguments, decoded as usual, plus the request's own wire bytes, a retained slice of the read
 * buffer. A proxy forwarding the request unchanged writes those bytes instead of encoding the
 * arguments again.
 *
 * <p>Ownership: whoever receives this holds one reference to {@link #content()} and releases it
 * exactly once ({@link #release()}, or {@code ReferenceCountUtil.release}); a consumer that keeps or
 * writes the bytes takes its own reference ({@code content().retainedDuplicate()}).
 *
 * <p>The bytes are exactly the canonical RESP form of {@link #argv()}: the decoder attaches a frame
 * only when every bulk ended in {@code \r\n} (Redis skips those two bytes unchecked, so a frame with
 * other bytes there is not forwarded as is).
 */
public final class FramedRequest extends DefaultByteBufHolder {
  private final byte[][] argv;

  public FramedRequest(byte[][] argv, ByteBuf frame) {
    super(frame);
    this.argv = argv;
  }

  /** The request's arguments (command name first). */
  public byte[][] argv() {
    return argv;
  }
}
