package io.codis.meta.client.model;

/**
 * One slot: the group that owns it (0 = none) and its state (STABLE, OFFLINE, or MIGRATING: still
 * owned and served by {@code groupId} while a migration moves it elsewhere).
 */
public record SlotView(int id, int groupId, String state) {
  public static final String STABLE = "STABLE";
  public static final String OFFLINE = "OFFLINE";
  public static final String MIGRATING = "MIGRATING";
}
