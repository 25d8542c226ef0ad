/**
 * The proxy's link to the metaserver: registration, the lease renewed about every second, and the
 * watch that swaps in each new slot table. {@link io.codis.proxy.topology.MetaTopology} is the
 * {@link io.codis.proxy.route.TableSource} of a real proxy; routing itself lives in {@code route}.
 */
package io.codis.proxy.topology;
