/**
 * {@code codisctl local up|down}: a whole cluster on 127.0.0.1 as child processes of codisctl
 * (3 metaservers, the groups' nodes, the proxies), with its data, logs and PIDs under one data
 * directory. {@link io.codis.cli.local.LocalLayout} fixes the ports, {@link
 * io.codis.cli.local.Children} starts and stops the processes, {@link
 * io.codis.cli.local.LocalCluster} brings the cluster up.
 */
package io.codis.cli.local;
