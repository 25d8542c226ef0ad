/**
 * Test fixtures: a real node in this JVM ({@code TestNode}) or in its own process ({@code
 * NodeProcess}, for kill -9 and damaged-directory tests), a real redis-server process, a raw RESP
 * client, and the differential comparer that sends the same commands to both.
 */
package io.codis.node.testing;
