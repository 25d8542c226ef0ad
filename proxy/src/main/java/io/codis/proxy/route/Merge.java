package io.codis.proxy.route;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.resp.RespValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the replies of a fan-out become one reply. Whatever the rule, an error from any part is the
 * reply (the first in part order): the client must not see a partial success as a success. Which
 * rule applies comes from the row: its proxy policy for the multi-key commands, its
 * {@code response_policy} tip for the cluster-wide ones.
 */
public enum Merge implements Merger {
  /** Elements placed at the positions each part came from (MGET). */
  ARRAY,
  /** Every part said OK: {@code +OK} (MSET). */
  OK,
  /** Integer replies added up (DEL, EXISTS, DBSIZE). */
  SUM,
  /** Every part succeeded: the first part's reply (FLUSHALL, PING to all). */
  ALL_SUCCEEDED;

  private static final RespValue OK_REPLY = new RespValue.SimpleString("OK");

  /** Merges {@code replies} (one per part of {@code fanOut}, in part order). */
  @Override
  public RespValue merge(Route.FanOut fanOut, RespValue[] replies) {
    for (RespValue r : replies) {
      if (r instanceof RespValue.ErrorValue) {
        return r;
      }
    }
    switch (this) {
      case ARRAY: {
        RespValue[] out = new RespValue[fanOut.replyLength()];
        for (int p = 0; p < replies.length; p++) {
          int[] positions = fanOut.parts().get(p).positions();
          if (!(replies[p] instanceof RespValue.ArrayValue a) || a.isNull()
              || a.elements().size() != positions.length) {
            return unexpected(replies[p]);
          }
          for (int j = 0; j < positions.length; j++) {
            out[positions[j]] = a.elements().get(j);
          }
        }
        List<RespValue> list = new ArrayList<>(Arrays.asList(out));
        return new RespValue.ArrayValue(list);
      }
      case OK:
        return OK_REPLY;
      case SUM: {
        long sum = 0;
        for (RespValue r : replies) {
          if (!(r instanceof RespValue.IntegerValue i)) {
            return unexpected(r);
          }
          sum += i.value();
        }
        return new RespValue.IntegerValue(sum);
      }
      case ALL_SUCCEEDED:
        return replies[0];
      default:
        throw new IllegalStateException("merge " + this);
    }
  }

  private static RespValue unexpected(RespValue r) {
    String type = r == null ? "nothing" : r.getClass().getSimpleName();
    return new RespValue.ErrorValue(ErrorCode.ERR.format("unexpected backend reply to a fan-out: " + type));
  }
}
