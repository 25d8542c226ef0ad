/**
 * What every component shares: the slot function ({@link io.codis.protocol.Slots}) and the error
 * catalogue ({@link io.codis.protocol.ErrorCode}). The RESP codec lives in {@code resp}, the one
 * command table in {@code command}. Nothing here opens a socket or reads a clock.
 */
package io.codis.protocol;
