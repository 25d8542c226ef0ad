/**
 * The string commands, bit operations included: GET/SET and friends ({@code StringCommands}),
 * the multi-key ones ({@code MultiKey}), byte ranges ({@code Ranges}), counters ({@code Counters},
 * with {@code LongDouble} for INCRBYFLOAT's x87 arithmetic), bits ({@code BitCommands},
 * {@code BitOp}, {@code BitField}) and {@code Lcs}.
 *
 * <p>A string value is a plain {@code byte[]} owned by its key; SET stores its argument array itself.
 * SETBIT, SETRANGE and BITFIELD write into that array in place when it is long enough (Redis
 * mutates its sds the same way; copying would make each of them O(length)). So code that keeps a
 * stored array beyond the command (COPY, replication, persistence) must copy or serialize it then,
 * not share it.
 *
 * <p>Not here: key-level commands (EXPIRE, TTL, DEL...), which live with the keyspace commands.
 */
package io.codis.node.commands.strings;
