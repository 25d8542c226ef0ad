/**
 * List commands: pushes and pops at both ends, indexed access, LINSERT/LREM/LPOS, the moves
 * (LMOVE, RPOPLPUSH, LMPOP) and their blocking forms (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP).
 * The list itself ({@code ListValue}) lives in the keyspace package; the queues of blocked clients
 * live in {@code io.codis.node.exec.BlockingRegistry}. Handlers here only decide, per call, whether
 * to serve, fail or block.
 */
package io.codis.node.commands.lists;
