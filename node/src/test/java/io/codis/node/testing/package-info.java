/**
 * Test fixtures: a real node in this JVM, a real redis-server process, a raw RESP client, and the
 * differential comparer that sends the same commands to both.
 */
package io.codis.node.testing;
