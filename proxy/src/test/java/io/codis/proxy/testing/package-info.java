/** Test fixtures: in-JVM nodes and metaserver peers for the proxy's integration tests. */
package io.codis.proxy.testing;
