package io.codis.protocol.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line into arguments with the rules of Redis's {@code sdssplitargs}:
 *
 * <ul>
 *   <li>arguments are separated by runs of white space ({@code isspace}: space, tab, CR, LF, VT,
 *       FF), but an unquoted argument ends only at space, tab, CR or LF, so {@code a\u000bb} is one
 *       argument;
 *   <li>{@code "..."} may hold {@code \xHH}, {@code \n \r \t \b \a} and {@code \<any>} escapes;
 *       {@code '...'} only {@code \'};
 *   <li>a quote may start in the middle of an argument ({@code a"b"} is {@code ab}), but a closing
 *       quote must be followed by white space or the end of the line;
 *   <li>an unterminated quote, or a closing quote followed by something else, makes the whole line
 *       invalid ({@code null}: "unbalanced quotes in request");
 *   <li>the line is a C string to Redis, so a NUL byte ends it: nothing after one is parsed.
 * </ul>
 */
final class InlineSplitter {
  private InlineSplitter() {}

  /** Returns the arguments (possibly none), or null when the quotes are unbalanced. */
  static List<byte[]> split(byte[] line) {
    int n = line.length;
    for (int i = 0; i < n; i++) {
      if (line[i] == 0) {
        n = i;
        break;
      }
    }
    List<byte[]> args = new ArrayList<>();
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    int i = 0;
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
            current.write(unescape(line[i]));
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
        } else if (i >= n) {
          done = true;
        } else {
          byte c = line[i];
          if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
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

  private static int unescape(byte e) {
    return switch (e) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'a' -> 7;
      default -> e;
    };
  }

  /** C's {@code isspace} in the "C" locale. */
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
