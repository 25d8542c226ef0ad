package io.codis.node.storage;

import java.nio.charset.StandardCharsets;

/** The column families, in the order they are opened (the default family is unused by us). */
enum Column {
  /** One record per key: type, expiry, version, size (and a string's bytes). */
  METADATA("metadata"),
  /** One record per hash field, set member, list element or sorted-set member. */
  SUBKEYS("subkeys"),
  /** Sorted-set members ordered by (score, member); the value is empty. */
  ZSET_SCORES("zset_scores"),
  /** Expire-at first, so expired keys are one range scan; the value is empty. */
  EXPIRY("expiry");

  private final String cfName;

  Column(String cfName) {
    this.cfName = cfName;
  }

  String cfName() {
    return cfName;
  }

  byte[] nameBytes() {
    return cfName.getBytes(StandardCharsets.US_ASCII);
  }
}
