/** Server commands: FLUSHALL, FLUSHDB, INFO, CONFIG, COMMAND, DBSIZE, TIME, SLOWLOG... */
package io.codis.node.commands.server;
