/**
 * Routing, with no I/O: the immutable {@link io.codis.proxy.route.SlotTable} (slot to master
 * address), the {@link io.codis.proxy.route.Router} that turns a request into a {@link
 * io.codis.proxy.route.Route} by reading the command table's rows, the merge rules of fanned-out
 * replies, the commands the proxy answers itself, and {@link io.codis.proxy.route.RouteRunner},
 * which carries a route out on the backend connections and retries MOVED/TRYAGAIN. Sockets and sessions live in {@code server}.
 */
package io.codis.proxy.route;
