/** Slot migration seen through the proxy: real metaserver, cluster-mode nodes, Jedis clients. */
package io.codis.proxy.migrate;
