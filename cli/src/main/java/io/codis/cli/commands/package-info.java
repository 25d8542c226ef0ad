/**
 * codisctl's verbs, one class per noun (cluster, group, slot, proxy, node, meta, kv, config),
 * each verb a method. Checks that need the nodes' own view (health, replication offsets, per-slot
 * key counts) go through {@link io.codis.cli.commands.NodeProbe} over RESP.
 */
package io.codis.cli.commands;
