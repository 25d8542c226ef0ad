package io.codis.node.keyspace;

/**
 * A Redis set: members in a scannable {@link Dict} whose values are unused.
 *
 * <h2>Why it remembers Redis's encoding</h2>
 * Redis keeps a set of integers as an intset (at most {@link #INTSET_ENTRIES_MAX} members, each the
 * canonical decimal form of a 64-bit integer) and, from 7.2, a small set of short strings as a
 * listpack (at most {@link #LISTPACK_ENTRIES_MAX} members of at most
 * {@link #LISTPACK_VALUE_BYTES_MAX} bytes). Conversions out of those encodings are one-way, and
 * they show: SSCAN of a compact set returns every member at once with cursor 0 (an intset in
 * ascending numeric order), and OBJECT ENCODING names the encoding. So the value records, one-way,
 * what it has outgrown. Add through {@link #add} to keep that record right. (Redis 7.0 itself has
 * no set listpack; {@link #isListpack()} follows the newer rule because returning a small set in
 * one reply is always a valid SCAN answer.)
 */
public final class SetValue extends JournaledValue {
  /** The value stored for every member (a dict needs one). */
  public static final Boolean PRESENT = Boolean.TRUE;
  /** Redis's {@code set-max-intset-entries} default. */
  public static final int INTSET_ENTRIES_MAX = 512;
  /** Redis 7.2's {@code set-max-listpack-entries} default. */
  public static final int LISTPACK_ENTRIES_MAX = 128;
  /** Redis 7.2's {@code set-max-listpack-value} default. */
  public static final int LISTPACK_VALUE_BYTES_MAX = 64;

  private final Dict<Boolean> members = new Dict<>();
  private boolean outgrewIntset;
  private boolean outgrewListpack;


  /** The members, for reading (change them through {@link #add} and {@link #remove} only). */
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
    if (members.put(member, PRESENT) != null) {
      return false;
    }
    changed(member, ChangeJournal.ABSENT);
    if (!outgrewIntset && (members.size() > INTSET_ENTRIES_MAX || !isCanonicalLong(member))) {
      outgrewIntset = true;
    }
    if (outgrewIntset && !outgrewListpack
        && (members.size() > LISTPACK_ENTRIES_MAX || member.length > LISTPACK_VALUE_BYTES_MAX)) {
      outgrewListpack = true;
    }
    return true;
  }

  public boolean contains(byte[] member) {
    return members.containsKey(member);
  }

  /** Removes a member; true when it was present. Encodings are never regained by removal. */
  public boolean remove(byte[] member) {
    if (members.remove(member) == null) {
      return false;
    }
    changed(member, ChangeJournal.PRESENT);
    return true;
  }

  /** True while Redis would hold this set as an intset (re-checked against the contents). */
  public boolean isIntset() {
    if (outgrewIntset || members.size() > INTSET_ENTRIES_MAX) {
      return false;
    }
    boolean[] ints = {true};
    members.forEach((m, v) -> ints[0] &= isCanonicalLong(m));
    return ints[0];
  }

  /** True while Redis 7.2 would hold this set as a listpack (re-checked against the contents). */
  public boolean isListpack() {
    if (!outgrewIntset || outgrewListpack || members.size() > LISTPACK_ENTRIES_MAX) {
      return false;
    }
    boolean[] small = {true};
    members.forEach((m, v) -> small[0] &= m.length <= LISTPACK_VALUE_BYTES_MAX);
    return small[0];
  }

  /**
   * True when {@code s} is exactly how Redis prints a signed 64-bit integer (no sign but '-', no
   * leading zeros, no spaces): only such members fit an intset.
   */
  public static boolean isCanonicalLong(byte[] s) {
    int n = s.length;
    if (n == 0 || n > 20) {
      return false;
    }
    int i = s[0] == '-' ? 1 : 0;
    if (i == n) {
      return false;
    }
    if (s[i] == '0') {
      return n == 1;
    }
    long value = 0;
    for (; i < n; i++) {
      int d = s[i] - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      // Accumulate negatively so that Long.MIN_VALUE fits.
      if (value < (Long.MIN_VALUE + d) / 10) {
        return false;
      }
      value = value * 10 - d;
    }
    return s[0] == '-' || value != Long.MIN_VALUE;
  }
}
