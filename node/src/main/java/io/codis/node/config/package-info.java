/** Runtime settings: the CONFIG GET/SET store and its parameter definitions. */
package io.codis.node.config;
