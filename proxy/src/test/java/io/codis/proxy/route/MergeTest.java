package io.codis.proxy.route;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.protocol.resp.RespValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeTest {
  static RespValue bulk(String s) {
    return RespValue.BulkString.of(s);
  }

  static Route.FanOut fan(Merge m, int length, int[]... positions) {
    List<Route.Part> parts = new java.util.ArrayList<>();
    for (int[] p : positions) {
      parts.add(new Route.Part("a:1", new byte[0][], p));
    }
    return new Route.FanOut(parts, m, length);
  }

  @Test
  void arrayPutsElementsBackInArgumentOrder() {
    Route.FanOut f = fan(Merge.ARRAY, 3, new int[] {0, 2}, new int[] {1});
    RespValue merged = Merge.ARRAY.merge(f, new RespValue[] {
        new RespValue.ArrayValue(List.of(bulk("a"), RespValue.BulkString.NULL)),
        new RespValue.ArrayValue(List.of(bulk("b")))});
    assertEquals(new RespValue.ArrayValue(List.of(bulk("a"), bulk("b"), RespValue.BulkString.NULL)), merged);
  }

  @Test
  void anyErrorIsTheReply() {
    Route.FanOut f = fan(Merge.SUM, 0, new int[0], new int[0]);
    RespValue err = new RespValue.ErrorValue("BACKENDLOST connection lost");
    assertEquals(err, Merge.SUM.merge(f, new RespValue[] {new RespValue.IntegerValue(1), err}));
    assertEquals(err, Merge.OK.merge(f, new RespValue[] {Replies.OK, err}));
  }

  @Test
  void sumAddsIntegers() {
    Route.FanOut f = fan(Merge.SUM, 0, new int[0], new int[0]);
    assertEquals(new RespValue.IntegerValue(5), Merge.SUM.merge(f,
        new RespValue[] {new RespValue.IntegerValue(2), new RespValue.IntegerValue(3)}));
  }

  @Test
  void arrayOfTheWrongSizeIsAnErrorNotAShiftedReply() {
    Route.FanOut f = fan(Merge.ARRAY, 2, new int[] {0, 1});
    RespValue v = Merge.ARRAY.merge(f, new RespValue[] {new RespValue.ArrayValue(List.of(bulk("a")))});
    assertTrue(assertInstanceOf(RespValue.ErrorValue.class, v).text().startsWith("ERR unexpected"));
  }
}
