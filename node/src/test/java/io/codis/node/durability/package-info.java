/**
 * Durability tests against real node processes: {@code kill -9} at seeded random moments with
 * writers through Jedis, and corrupted records on disk that must be reported, never served.
 */
package io.codis.node.durability;
