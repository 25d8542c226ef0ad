/**
 * Hash commands (HSET ... HSCAN), with Redis 7.0's replies and error texts. The scan and
 * random-pick rules shared with other families are in {@code io.codis.node.commands.common}. The
 * hash value itself lives in {@code io.codis.node.keyspace}.
 */
package io.codis.node.commands.hashes;
