/** Connection commands: PING, ECHO, QUIT, AUTH, HELLO, SELECT, RESET, CLIENT. */
package io.codis.node.commands.connection;
