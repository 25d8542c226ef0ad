/** String commands (bit operations included). */
package io.codis.node.commands.strings;
