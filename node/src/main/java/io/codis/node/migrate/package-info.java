/**
 * Slot migration while serving, node side. The source master streams one slot to the target
 * master: a fuzzy snapshot of the slot's keys in bounded batches (big collections in chunks), then
 * catch-up from the keys written since the start (each sent as its current state, so every record
 * is idempotent), then a short write block on the slot ({@code -TRYAGAIN}), the tail, and READY.
 * The switch of ownership is the controller's (metaserver) or, for standalone nodes, the
 * operator's {@code SLOTSMIGRATE COMMIT}.
 *
 * <p>{@link io.codis.node.migrate.SlotMigrations} is the node's registry (hooks, refusals);
 * {@link io.codis.node.migrate.OutgoingMigration} produces the batches on the event loop;
 * {@link io.codis.node.migrate.MigrationWorker} carries them to the target on its own thread;
 * {@link io.codis.node.migrate.SlotImport} is the target's state of one incoming slot. The
 * commands are in {@link io.codis.node.migrate.MigrateCommands}. The metaserver's plan and
 * controller live elsewhere (metaserver module); this package never talks to the metaserver.
 */
package io.codis.node.migrate;
