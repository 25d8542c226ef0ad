/**
 * Command execution: the {@link io.codis.node.exec.Dispatcher} (lookup in the command table, arity,
 * authentication, MULTI queueing, statistics), the {@link io.codis.node.exec.Call} a handler works
 * on, and the registry of handlers. Everything here runs on the node's single execution thread.
 */
package io.codis.node.exec;
