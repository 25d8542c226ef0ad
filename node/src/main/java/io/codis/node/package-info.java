/**
 * The data node's entry point: {@link io.codis.node.NodeMain} (flags, SIGTERM as a graceful stop, the
 * link to the metaserver when {@code --meta} is given) and {@link io.codis.node.NodeConfig}. The
 * server itself lives in {@code server}, command execution in {@code exec}, the data in
 * {@code keyspace}, {@code storage}, {@code persistence} and {@code tier}, replication in
 * {@code replication}, cluster membership in {@code cluster}.
 */
package io.codis.node;
