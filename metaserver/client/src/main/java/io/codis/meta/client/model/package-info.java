/**
 * The cluster model as the metaserver's JSON API shows it: immutable records shared by the server
 * (which renders them) and every client (which parses them), plus the closed catalogue of error codes.
 * No behaviour lives here; the rules that change the model are in the server's state package.
 */
package io.codis.meta.client.model;
