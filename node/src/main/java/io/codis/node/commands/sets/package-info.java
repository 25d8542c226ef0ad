/**
 * Set commands (SADD ... SSCAN), with Redis 7.0's replies and error texts (sets are RESP3 set
 * replies where Redis sends them). Scanning and random sampling reuse the helpers of the hash
 * family; the set value itself lives in {@code io.codis.node.keyspace}.
 */
package io.codis.node.commands.sets;
