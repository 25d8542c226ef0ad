package io.codis.node.replication;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits what a master sends into {@link StreamFrame}s. A frame is decoded only once it is complete
 * (an incomplete one leaves the reader index where it was, and is looked at again when more bytes
 * arrive; only headers are re-scanned, never bulk contents). Anything malformed or over a limit
 * throws, and the link closes: a replica never guesses at a stream it cannot read.
 */
final class StreamDecoder extends ByteToMessageDecoder {
  private final int argsMax;
  private final int lineBytesMax;
  private final long bulkBytesMax;

  StreamDecoder(int argsMax, int lineBytesMax, long bulkBytesMax) {
    this.argsMax = argsMax;
    this.lineBytesMax = lineBytesMax;
    this.bulkBytesMax = bulkBytesMax;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      int start = in.readerIndex();
      StreamFrame frame = frame(in);
      if (frame == null) {
        in.readerIndex(start);
        return;
      }
      out.add(frame);
    }
  }

  private StreamFrame frame(ByteBuf in) {
    int start = in.readerIndex();
    byte kind = in.getByte(start);
    if (kind == '\n') {
      // a bare newline: Redis masters send it as a keep-alive while preparing a snapshot
      in.skipBytes(1);
      return new StreamFrame.Line('\n', "");
    }
    String line = line(in);
    if (line == null) {
      return null;
    }
    switch (kind) {
      case '+', '-', ':' -> {
        return new StreamFrame.Line((char) kind, line.substring(1));
      }
      case '*' -> {
        long n = number(line, argsMax);
        if (n < 1) {
          throw new DecoderException("stream record: " + n + " (expected: 1.." + argsMax + " elements)");
        }
        byte[][] argv = new byte[(int) n][];
        for (int i = 0; i < n; i++) {
          if (!in.isReadable()) {
            return null;
          }
          if (in.getByte(in.readerIndex()) != '$') {
            throw new DecoderException("stream record: expected a bulk string");
          }
          String header = line(in);
          if (header == null) {
            return null;
          }
          long length = number(header, bulkBytesMax);
          if (in.readableBytes() < length + 2) {
            return null;
          }
          argv[i] = new byte[(int) length];
          in.readBytes(argv[i]);
          if (in.readByte() != '\r' || in.readByte() != '\n') {
            throw new DecoderException("stream record: bulk string not followed by CRLF");
          }
        }
        return new StreamFrame.Record(argv, in.readerIndex() - start);
      }
      default -> throw new DecoderException("unexpected byte in replication stream: " + kind);
    }
  }

  /** Reads one CRLF-terminated line (without the CRLF), or null when incomplete. */
  private String line(ByteBuf in) {
    int eol = in.indexOf(in.readerIndex(), Math.min(in.writerIndex(), in.readerIndex() + lineBytesMax + 1), (byte) '\n');
    if (eol < 0) {
      if (in.readableBytes() > lineBytesMax) {
        throw new DecoderException("line: more than " + lineBytesMax + " bytes (expected: <= " + lineBytesMax + ")");
      }
      return null;
    }
    int end = eol > in.readerIndex() && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
    String text = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
    in.readerIndex(eol + 1);
    return text;
  }

  private static long number(String line, long max) {
    long n;
    try {
      n = Long.parseLong(line.substring(1));
    } catch (NumberFormatException e) {
      throw new DecoderException("stream: bad length line " + line);
    }
    if (n < 0 || n > max) {
      throw new DecoderException("length: " + n + " (expected: <= " + max + ")");
    }
    return n;
  }
}
