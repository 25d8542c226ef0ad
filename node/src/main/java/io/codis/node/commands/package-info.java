/**
 * Command handlers, one subpackage per command group, each registering its handlers by
 * command-table name through {@link io.codis.node.commands.CommandFamilies}.
 */
package io.codis.node.commands;
