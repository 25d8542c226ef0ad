package io.codis.node.replication;

import java.nio.charset.StandardCharsets;

/**
 * The replication id and offset a node's stored data corresponds to, as kept in its store next to
 * the data (Redis keeps the same pair in its RDB's aux fields). Encoded as one ASCII line,
 * {@code v1 <replid> <offset>}; anything else decodes to null (no usable history: full sync).
 */
record ReplicationState(String replid, long offset) {
  private static final String VERSION = "v1";

  byte[] encode() {
    return (VERSION + " " + replid + " " + offset).getBytes(StandardCharsets.US_ASCII);
  }

  static ReplicationState decode(byte[] stored) {
    if (stored == null) {
      return null;
    }
    String[] words = new String(stored, StandardCharsets.US_ASCII).split(" ");
    if (words.length != 3 || !words[0].equals(VERSION) || words[1].length() != 40) {
      return null;
    }
    try {
      long offset = Long.parseLong(words[2]);
      return offset < 0 ? null : new ReplicationState(words[1], offset);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
