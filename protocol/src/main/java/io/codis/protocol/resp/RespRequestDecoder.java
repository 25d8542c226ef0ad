package io.codis.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side request decoder: turns a client's bytes into commands ({@code byte[][]}, one element
 * per argument) or one final {@link ProtocolError}. Accepts both multibulk ({@code *2\r\n$3\r\nGET...})
 * and inline ({@code GET key\r\n}) commands, as Redis does.
 *
 * <p>States: {@code START} (expect {@code '*'} or an inline line) → {@code BULK_HEADER} (expect
 * {@code $len}) → {@code BULK_BODY} (wait for len+2 bytes) → back to {@code BULK_HEADER} or, when the
 * command is complete, {@code START}. Any state → {@code FAILED} on a protocol error; {@code FAILED}
 * discards all further input.
 *
 * <p>Allocation follows what arrived, not what was announced: the argument array starts at
 * {@code min(n, 1024)} and grows; a bulk's bytes are allocated only once all of them are buffered.
 */
public final class RespRequestDecoder extends ByteToMessageDecoder {
  /** Redis's limit on unauthenticated multibulk headers. */
  static final int UNAUTHENTICATED_ARRAY_MAX = 10;
  /** Redis's limit on unauthenticated bulk lengths. */
  static final int UNAUTHENTICATED_BULK_MAX = 16384;
  private static final int ARGV_PREALLOCATE_MAX = 1024;
  private static final byte[][] NO_ARGS = new byte[0][];

  private enum State { START, BULK_HEADER, BULK_BODY, FAILED }

  private final RespLimits limits;
  private State state = State.START;
  private byte[][] argv;
  private int argc;
  private int argsExpected;
  private long bulkLength;
  private boolean authenticated = true;

  public RespRequestDecoder(RespLimits limits) {
    this.limits = limits;
  }

  /** The session tells the decoder whether the client has authenticated (tighter limits until then). */
  public void authenticated(boolean value) {
    this.authenticated = value;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (state == State.FAILED) {
      in.skipBytes(in.readableBytes());
      return;
    }
    Object result = decodeOne(in);
    if (result != null) {
      out.add(result);
      return;
    }
    if (state != State.FAILED && in.readableBytes() > limits.queryBufferBytesMax()) {
      fail(out, new ProtocolError("query buffer limit reached", true));
      in.skipBytes(in.readableBytes());
    }
  }

  private void fail(List<Object> out, ProtocolError error) {
    state = State.FAILED;
    argv = null;
    out.add(error);
  }

  /** Returns a command, a ProtocolError, or null when more bytes are needed. */
  private Object decodeOne(ByteBuf in) {
    while (true) {
      switch (state) {
        case START -> {
          if (in.getByte(in.readerIndex()) != '*') {
            Object inline = decodeInline(in);
            if (inline != SKIP) {
              return inline;
            }
            if (!in.isReadable()) {
              return null;
            }
            continue;
          }
          int eol = findEol(in, in.readerIndex());
          if (eol < 0) {
            if (in.readableBytes() > limits.inlineBytesMax()) {
              return failed(new ProtocolError("too big mbulk count string", false));
            }
            return null;
          }
          long count = parseLong(in, in.readerIndex() + 1, eol);
          in.readerIndex(eol + 2);
          if (count == Long.MIN_VALUE || count > Integer.MAX_VALUE || count > limits.arrayLengthMax()) {
            return failed(new ProtocolError("invalid multibulk length", false));
          }
          if (count > UNAUTHENTICATED_ARRAY_MAX && !authenticated) {
            return failed(new ProtocolError("unauthenticated multibulk length", false));
          }
          if (count <= 0) {
            continue;
          }
          argsExpected = (int) count;
          argv = new byte[(int) Math.min(count, ARGV_PREALLOCATE_MAX)][];
          argc = 0;
          state = State.BULK_HEADER;
        }
        case BULK_HEADER -> {
          if (!in.isReadable()) {
            return null;
          }
          int eol = findEol(in, in.readerIndex());
          if (eol < 0) {
            if (in.readableBytes() > limits.inlineBytesMax()) {
              return failed(new ProtocolError("too big bulk count string", false));
            }
            return null;
          }
          byte type = in.getByte(in.readerIndex());
          if (type != '$') {
            return failed(new ProtocolError("expected '$', got '" + (char) (type & 0xff) + "'", false));
          }
          long length = parseLong(in, in.readerIndex() + 1, eol);
          if (length == Long.MIN_VALUE || length < 0 || length > limits.bulkBytesMax()) {
            return failed(new ProtocolError("invalid bulk length", false));
          }
          if (length > UNAUTHENTICATED_BULK_MAX && !authenticated) {
            return failed(new ProtocolError("unauthenticated bulk length", false));
          }
          in.readerIndex(eol + 2);
          bulkLength = length;
          state = State.BULK_BODY;
        }
        case BULK_BODY -> {
          if (in.readableBytes() < bulkLength + 2) {
            return null;
          }
          byte[] arg = new byte[(int) bulkLength];
          in.readBytes(arg);
          in.skipBytes(2);
          if (argc == argv.length) {
            argv = java.util.Arrays.copyOf(argv, Math.min(argsExpected, argv.length * 2));
          }
          argv[argc++] = arg;
          if (argc == argsExpected) {
            byte[][] command = argv;
            argv = null;
            state = State.START;
            return command;
          }
          state = State.BULK_HEADER;
        }
        case FAILED -> {
          in.skipBytes(in.readableBytes());
          return null;
        }
        default -> throw new IllegalStateException("unknown state " + state);
      }
    }
  }

  private Object failed(ProtocolError error) {
    state = State.FAILED;
    argv = null;
    return error;
  }

  private static final Object SKIP = new Object();

  /** Parses one inline line; returns SKIP for an empty line, null when the line is incomplete. */
  private Object decodeInline(ByteBuf in) {
    int start = in.readerIndex();
    int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
    if (newline < 0) {
      if (in.readableBytes() > limits.inlineBytesMax()) {
        return failed(new ProtocolError("too big inline request", false));
      }
      return null;
    }
    int end = newline;
    if (end > start && in.getByte(end - 1) == '\r') {
      end--;
    }
    byte[] line = new byte[end - start];
    in.getBytes(start, line);
    in.readerIndex(newline + 1);
    List<byte[]> args = InlineSplitter.split(line);
    if (args == null) {
      return failed(new ProtocolError("unbalanced quotes in request", false));
    }
    if (args.isEmpty()) {
      return SKIP;
    }
    return args.toArray(NO_ARGS);
  }

  private static int findEol(ByteBuf in, int from) {
    int cr = in.indexOf(from, in.writerIndex(), (byte) '\r');
    if (cr < 0 || cr + 1 >= in.writerIndex()) {
      return -1;
    }
    return cr;
  }

  /** Parses a decimal between [from, to); returns Long.MIN_VALUE when it is not one (Redis's string2ll). */
  static long parseLong(ByteBuf in, int from, int to) {
    if (from >= to || to - from > 20) {
      return Long.MIN_VALUE;
    }
    boolean negative = false;
    int i = from;
    if (in.getByte(i) == '-') {
      negative = true;
      i++;
      if (i == to) {
        return Long.MIN_VALUE;
      }
    }
    long value = 0;
    for (; i < to; i++) {
      byte b = in.getByte(i);
      if (b < '0' || b > '9') {
        return Long.MIN_VALUE;
      }
      if (value > (Long.MAX_VALUE - (b - '0')) / 10) {
        return Long.MIN_VALUE;
      }
      value = value * 10 + (b - '0');
    }
    return negative ? -value : value;
  }

  /** Splits an inline command line the way Redis's sdssplitargs does (quotes and escapes). */
  static final class InlineSplitter {
    private InlineSplitter() {}

    static List<byte[]> split(byte[] line) {
      List<byte[]> args = new ArrayList<>();
      int i = 0;
      int n = line.length;
      java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream();
      while (true) {
        while (i < n && isSpace(line[i])) {
          i++;
        }
        if (i >= n) {
          return args;
        }
        boolean inDouble = false;
        boolean inSingle = false;
        boolean done = false;
        current.reset();
        while (!done) {
          if (inDouble) {
            if (i >= n) {
              return null;
            }
            byte c = line[i];
            if (c == '\\' && i + 3 < n && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
              current.write(hex(line[i + 2]) * 16 + hex(line[i + 3]));
              i += 3;
            } else if (c == '\\' && i + 1 < n) {
              i++;
              byte e = line[i];
              current.write(switch (e) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'a' -> 7;
                default -> e;
              });
            } else if (c == '"') {
              if (i + 1 < n && !isSpace(line[i + 1])) {
                return null;
              }
              done = true;
            } else {
              current.write(c);
            }
          } else if (inSingle) {
            if (i >= n) {
              return null;
            }
            byte c = line[i];
            if (c == '\\' && i + 1 < n && line[i + 1] == '\'') {
              i++;
              current.write('\'');
            } else if (c == '\'') {
              if (i + 1 < n && !isSpace(line[i + 1])) {
                return null;
              }
              done = true;
            } else {
              current.write(c);
            }
          } else {
            if (i >= n) {
              done = true;
              continue;
            }
            byte c = line[i];
            if (isSpace(c)) {
              done = true;
            } else if (c == '"') {
              inDouble = true;
            } else if (c == '\'') {
              inSingle = true;
            } else {
              current.write(c);
            }
          }
          if (i < n) {
            i++;
          }
        }
        args.add(current.toByteArray());
      }
    }

    private static boolean isSpace(byte c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    private static boolean isHex(byte c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(byte c) {
      if (c >= '0' && c <= '9') {
        return c - '0';
      }
      return (c | 0x20) - 'a' + 10;
    }
  }
}
