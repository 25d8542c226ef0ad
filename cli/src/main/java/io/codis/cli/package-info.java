/**
 * {@code codisctl}: the operator's command line. Each verb is a Picocli command that talks to the
 * metaserver's HTTP API (through {@code MetaClient}) and to nodes and proxies over RESP
 * ({@link io.codis.cli.Resp}); {@link io.codis.cli.Output} renders tables or JSON and
 * {@link io.codis.cli.Exit} names the exit codes. The local cluster lives in {@code io.codis.cli.local}.
 */
package io.codis.cli;
