/**
 * The HTTP JSON API: Netty bootstrap and channel handler ({@code HttpServer}), routing and request
 * validation ({@code HttpApi}), request bodies ({@code Requests}). Writes become Raft commands through
 * the gateway; reads are linearizable Raft queries. No cluster rules live here.
 */
package io.codis.meta.server.http;
