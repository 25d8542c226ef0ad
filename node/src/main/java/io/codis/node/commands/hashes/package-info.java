/**
 * Hash commands (HSET ... HSCAN), with Redis 7.0's replies and error texts. Also the pieces other
 * collection families reuse: {@link io.codis.node.commands.hashes.CollectionScan} (the HSCAN/SSCAN
 * cursor and option rules). The hash value itself lives in {@code io.codis.node.keyspace}.
 */
package io.codis.node.commands.hashes;
