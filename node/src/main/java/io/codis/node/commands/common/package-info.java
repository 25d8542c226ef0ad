/**
 * Argument and iteration rules several command families share because Redis shares them:
 * {@link io.codis.node.commands.common.CollectionScan} (the SCAN/HSCAN/SSCAN/ZSCAN cursor, options,
 * bounded walk and reply, Redis's {@code scanGenericCommand}) and
 * {@link io.codis.node.commands.common.RandomSampling} (HRANDFIELD, SRANDMEMBER, SPOP, ZRANDMEMBER
 * counts and picks). Handlers stay in their families; number parsing lives in {@code exec}.
 */
package io.codis.node.commands.common;
