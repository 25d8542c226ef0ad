package io.codis.node.replication;

/** What a replica reads from its master: a status line of the handshake, or a stream record. */
sealed interface StreamFrame {
  /** {@code +...}, {@code -...} or {@code :...}: {@code kind} is the first character. */
  record Line(char kind, String text) implements StreamFrame {}

  /** An array of bulk strings and the bytes it took on the wire (its offset step). */
  record Record(byte[][] argv, int wireBytes) implements StreamFrame {}
}
