/**
 * The RESP2/RESP3 codec. Server side: {@link io.codis.protocol.resp.RespRequestDecoder} (multibulk and
 * inline requests, Redis's protocol-error texts) and {@link io.codis.protocol.resp.RespWriter}
 * (replies). Client side: {@link io.codis.protocol.resp.RespReplyDecoder} and
 * {@link io.codis.protocol.resp.RespValueEncoder} over the sealed {@link io.codis.protocol.resp.RespValue}.
 * Every limit is named in {@link io.codis.protocol.resp.RespLimits}. Pure Netty codec code: no sockets,
 * no threads, no clock.
 */
package io.codis.protocol.resp;
