package io.codis.meta.client;

/**
 * Bounds of the client. retryBudgetMs caps the time spent trying other addresses for one call;
 * requestTimeoutMs caps one HTTP exchange (a watch adds its own wait to it).
 */
public record MetaClientOptions(long connectTimeoutMs, long requestTimeoutMs, long retryBudgetMs,
    long retrySleepMs, long watchTimeoutMs) {

  public static final MetaClientOptions DEFAULT = new MetaClientOptions(1_000, 8_000, 10_000, 100,
      30_000);
}
