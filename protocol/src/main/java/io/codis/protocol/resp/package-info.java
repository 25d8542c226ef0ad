/**
 * The RESP2/RESP3 codec: the server-side request decoder (multibulk and inline), the reply writer,
 * and their named limits ({@link io.codis.protocol.resp.RespLimits}). Pure Netty codec code: no
 * sockets, no threads, no clock.
 */
package io.codis.protocol.resp;
