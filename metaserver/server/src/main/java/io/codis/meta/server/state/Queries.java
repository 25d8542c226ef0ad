package io.codis.meta.server.state;

import io.codis.meta.client.model.ApiError;
import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.KvEntry;
import io.codis.meta.client.model.SlotView;
import java.util.Map;

/**
 * Read-only questions asked of the state, by path: {@code cluster}, {@code version}, {@code groups},
 * {@code group/ID}, {@code slots}, {@code slot/ID}, {@code proxies}, {@code nodes}, {@code kv},
 * {@code kv/KEY}. The answer is an HTTP status and a body record, rendered to JSON by the caller.
 */
public final class Queries {
  private Queries() {}

  /** A status and the record to render. */
  public record Answer(int status, Object body) {
    static Answer ok(Object body) {
      return new Answer(200, body);
    }

    static Answer error(ErrorCode code, String message) {
      return new Answer(code.httpStatus(), new ApiError(code.name(), message));
    }
  }

  public static Answer answer(ClusterState s, String path) {
    int slash = path.indexOf('/');
    String head = slash < 0 ? path : path.substring(0, slash);
    String arg = slash < 0 ? null : path.substring(slash + 1);
    return switch (head) {
      case "cluster" -> Answer.ok(Views.cluster(s));
      case "version" -> Answer.ok(Map.of("version", s.version()));
      case "groups" -> arg == null ? Answer.ok(Views.groups(s)) : group(s, arg);
      case "slots" -> arg == null ? Answer.ok(Views.slots(s)) : slot(s, arg);
      case "proxies" -> Answer.ok(Views.proxies(s));
      case "nodes" -> Answer.ok(Views.nodes(s));
      case "kv" -> arg == null ? Answer.ok(Views.kvAll(s)) : kv(s, arg);
      default -> Answer.error(ErrorCode.NOT_FOUND, "no query " + head);
    };
  }

  private static Answer group(ClusterState s, String arg) {
    Integer id = parseInt(arg);
    GroupView g = id == null ? null : Views.group(s, id);
    return g == null ? Answer.error(ErrorCode.NO_SUCH_GROUP, "no group " + arg) : Answer.ok(g);
  }

  private static Answer slot(ClusterState s, String arg) {
    Integer id = parseInt(arg);
    SlotView v = id == null ? null : Views.slot(s, id);
    return v == null
        ? Answer.error(ErrorCode.OUT_OF_RANGE, "slot: " + arg + " (expected: 0.." + (s.slotCount - 1) + ")")
        : Answer.ok(v);
  }

  private static Answer kv(ClusterState s, String key) {
    KvEntry e = Views.kv(s, key);
    return e == null ? Answer.error(ErrorCode.NO_SUCH_KEY, "no key " + key) : Answer.ok(e);
  }

  private static Integer parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
