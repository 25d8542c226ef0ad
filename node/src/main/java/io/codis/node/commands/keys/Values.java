package io.codis.node.commands.keys;

import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;

/** Helpers over stored values that several keyspace commands share. */
final class Values {
  private Values() {}

  /**
   * An independent copy of a stored value (COPY). Collections are mutated in place by their
   * commands, and a string's bytes may be too (SETRANGE, SETBIT), so nothing is shared.
   */
  static Object deepCopy(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes.clone();
    }
    if (value instanceof ListValue list) {
      ListValue copy = new ListValue();
      for (int i = 0; i < list.size(); i++) {
        copy.addLast(list.get(i).clone());
      }
      return copy;
    }
    if (value instanceof HashValue hash) {
      HashValue copy = new HashValue();
      hash.fields().forEach((field, v) -> copy.fields().put(field.clone(), v.clone()));
      return copy;
    }
    if (value instanceof SetValue set) {
      SetValue copy = new SetValue();
      set.members().forEach((member, unused) -> copy.add(member.clone()));
      return copy;
    }
    if (value instanceof ZSetValue zset) {
      ZSetValue copy = new ZSetValue();
      zset.scores().forEach((member, score) -> copy.put(member.clone(), score));
      return copy;
    }
    throw new IllegalStateException("not a stored value: " + value.getClass().getName());
  }
}
