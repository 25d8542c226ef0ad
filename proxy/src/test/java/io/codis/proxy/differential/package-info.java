/**
 * The node's differential suites (node test-jar) run a second time with the client talking to a
 * proxy in front of two groups of nodes, compared with the same redis-server; see docs/proxy.md.
 */
package io.codis.proxy.differential;
