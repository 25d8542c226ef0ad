package io.codis.meta.server.state;

import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.client.model.KvEntry;
import io.codis.meta.server.proto.KvCas;
import io.codis.meta.server.proto.KvDelete;
import io.codis.meta.server.proto.KvPut;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeMap;

/**
 * The small user key/value namespace (cluster settings, and the register the Jepsen tests use).
 * A key's version is the namespace revision of its last write, like etcd's mod_revision, so it only
 * increases and 0 unambiguously means "absent". Writes here do not move the cluster version: a
 * settings change must not wake every proxy's topology watch.
 */
final class KvSpace {
  private final Limits limits;
  private final TreeMap<String, KvEntry> entries = new TreeMap<>();
  private long revision;

  KvSpace(Limits limits) {
    this.limits = limits;
  }

  long revision() {
    return revision;
  }

  KvEntry get(String key) {
    return entries.get(key);
  }

  Collection<KvEntry> all() {
    return entries.values();
  }

  void restore(long revision, Collection<KvEntry> all) {
    entries.clear();
    for (KvEntry e : all) {
      entries.put(e.key(), e);
    }
    this.revision = revision;
  }

  /* PUT key value: unconditional write. */
  ClusterState.Mutation planPut(KvPut put) {
    checkKey(put.getKey());
    checkValue(put.getValue());
    checkRoom(put.getKey());
    return () -> write(put.getKey(), put.getValue());
  }

  /* CAS key [expected_version] [expected_value] value: writes only if every expectation holds. */
  ClusterState.Mutation planCas(KvCas cas) {
    checkKey(cas.getKey());
    checkValue(cas.getValue());
    if (!cas.hasExpectedVersion() && !cas.hasExpectedValue()) {
      throw new Refusal(ErrorCode.BAD_REQUEST, "cas needs expectedVersion or expectedValue");
    }
    KvEntry current = entries.get(cas.getKey());
    long currentVersion = current == null ? 0 : current.version();
    if (cas.hasExpectedVersion() && cas.getExpectedVersion() != currentVersion) {
      throw new Refusal(ErrorCode.CAS_FAILED, "key " + cas.getKey() + " is at version "
          + currentVersion + " (expected: " + cas.getExpectedVersion() + ")");
    }
    if (cas.hasExpectedValue()
        && (current == null || !current.value().equals(cas.getExpectedValue()))) {
      throw new Refusal(ErrorCode.CAS_FAILED, "key " + cas.getKey() + " does not hold the expected value");
    }
    checkRoom(cas.getKey());
    return () -> write(cas.getKey(), cas.getValue());
  }

  /* DELETE key [expected_version] */
  ClusterState.Mutation planDelete(KvDelete del) {
    checkKey(del.getKey());
    KvEntry current = entries.get(del.getKey());
    if (current == null) {
      throw new Refusal(ErrorCode.NO_SUCH_KEY, "no key " + del.getKey());
    }
    if (del.hasExpectedVersion() && del.getExpectedVersion() != current.version()) {
      throw new Refusal(ErrorCode.CAS_FAILED, "key " + del.getKey() + " is at version "
          + current.version() + " (expected: " + del.getExpectedVersion() + ")");
    }
    return () -> {
      entries.remove(del.getKey());
      revision++;
      return io.codis.meta.server.proto.Result.newBuilder().setKvVersion(revision);
    };
  }

  private io.codis.meta.server.proto.Result.Builder write(String key, String value) {
    revision++;
    entries.put(key, new KvEntry(key, value, revision));
    return io.codis.meta.server.proto.Result.newBuilder().setKvVersion(revision);
  }

  private void checkKey(String key) {
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > limits.kvKeyBytesMax()) {
      throw new Refusal(ErrorCode.OUT_OF_RANGE,
          "key length: " + bytes + " (expected: 1.." + limits.kvKeyBytesMax() + ")");
    }
  }

  private void checkValue(String value) {
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.kvValueBytesMax()) {
      throw new Refusal(ErrorCode.OUT_OF_RANGE,
          "value length: " + bytes + " (expected: <= " + limits.kvValueBytesMax() + ")");
    }
  }

  private void checkRoom(String key) {
    if (!entries.containsKey(key) && entries.size() >= limits.kvKeysMax()) {
      throw new Refusal(ErrorCode.LIMIT_EXCEEDED,
          "keys: " + (entries.size() + 1) + " (expected: <= " + limits.kvKeysMax() + ")");
    }
  }
}
