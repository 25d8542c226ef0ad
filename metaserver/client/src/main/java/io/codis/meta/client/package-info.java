/**
 * The HTTP client of the metaserver: {@link io.codis.meta.client.MetaClient} finds a metaserver that
 * answers among several addresses, retries within a bounded budget, and exposes the long-poll watch.
 * No Ratis and no server code live here: other modules (proxy, node, codisctl) depend on this one.
 */
package io.codis.meta.client;
