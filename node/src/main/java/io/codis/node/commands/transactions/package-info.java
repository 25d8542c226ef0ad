/**
 * Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing itself happens in the dispatcher
 * (which also marks a transaction aborted when a queued command is refused); EXEC runs the queue
 * through the dispatcher.
 */
package io.codis.node.commands.transactions;
