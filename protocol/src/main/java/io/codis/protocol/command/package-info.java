/**
 * The one command table: every command the cluster knows, declared once as data (arity, flags, key
 * positions, proxy policy). The node's dispatcher, the proxy's router, {@code COMMAND} replies and
 * the tests all read it; no component special-cases a command by name where a row would do.
 */
package io.codis.protocol.command;
