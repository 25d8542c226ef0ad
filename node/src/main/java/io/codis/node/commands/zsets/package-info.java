/**
 * The sorted-set commands (ZADD ... ZSCAN, ZMPOP and the blocking BZPOPMIN/BZPOPMAX/BZMPOP), with
 * Redis 7.0's argument rules, error texts and reply shapes in RESP2 and RESP3. The data structure
 * itself ({@code ZSetValue}, {@code ZSkipList}) lives in {@code io.codis.node.keyspace}; this package
 * only reads and changes it through the command's {@code Call}.
 */
package io.codis.node.commands.zsets;
