package io.codis.meta.client.model;

/** One slot: the group that owns it (0 = none) and its state (STABLE or OFFLINE). */
public record SlotView(int id, int groupId, String state) {
  public static final String STABLE = "STABLE";
  public static final String OFFLINE = "OFFLINE";
}
