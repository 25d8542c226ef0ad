package io.codis.node.keyspace;

/** A Redis set: members in a scannable {@link Dict} whose values are unused. */
public final class SetValue {
  /** The value stored for every member (a dict needs one). */
  public static final Boolean PRESENT = Boolean.TRUE;

  private final Dict<Boolean> members = new Dict<>();

  public Dict<Boolean> members() {
    return members;
  }

  public int size() {
    return members.size();
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** Adds a member; true when it was new. */
  public boolean add(byte[] member) {
    return members.put(member, PRESENT) == null;
  }

  public boolean contains(byte[] member) {
    return members.containsKey(member);
  }

  /** Removes a member; true when it was present. */
  public boolean remove(byte[] member) {
    return members.remove(member) != null;
  }
}
