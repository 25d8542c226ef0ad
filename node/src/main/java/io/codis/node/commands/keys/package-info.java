/**
 * The keyspace command family (Redis's "generic" group): DEL UNLINK EXISTS TOUCH TYPE RENAME
 * RENAMENX COPY MOVE KEYS SCAN RANDOMKEY, the EXPIRE/TTL family, DUMP/RESTORE with our own payload
 * format ({@link io.codis.node.commands.keys.DumpPayload}), OBJECT, SORT and SORT_RO.
 *
 * <p>Commands of one value type (LPUSH, HSET...) live in their own families, not here.
 */
package io.codis.node.commands.keys;
