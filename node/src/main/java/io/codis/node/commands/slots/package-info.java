/**
 * Codis's slot administration commands (SLOTSINFO, SLOTSMEMORY): what one node holds per slot, for
 * codisctl's {@code slot info} and {@code slot top}. Slot migration commands will live here too.
 */
package io.codis.node.commands.slots;
