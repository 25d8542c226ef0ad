/**
 * The string commands, bit operations included: GET/SET and friends ({@code StringCommands}),
 * the multi-key ones ({@code MultiKey}), byte ranges ({@code Ranges}), counters ({@code Counters},
 * with {@code LongDouble} for INCRBYFLOAT's x87 arithmetic), bits ({@code BitCommands},
 * {@code BitOp}, {@code BitField}) and {@code Lcs}.
 *
 * <p>A string value is a plain {@code byte[]} owned by its key. SETBIT, SETRANGE, BITFIELD and INCR
 * write into that array in place when its length does not change (Redis mutates its sds the same
 * way), so code that copies a key (COPY, for example) must copy the array, not share it.
 *
 * <p>Not here: key-level commands (EXPIRE, TTL, DEL...), which live with the keyspace commands.
 */
package io.codis.node.commands.strings;
