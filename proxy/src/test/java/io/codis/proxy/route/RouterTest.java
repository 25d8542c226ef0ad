package io.codis.proxy.route;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.protocol.Slots;
import io.codis.protocol.command.CommandTable;
import io.codis.protocol.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {
  static final int SLOTS = 1024;
  static final String A = "10.0.0.1:6380";
  static final String B = "10.0.0.2:6380";
  static final SlotTable TABLE =
      SlotTable.of(7, SLOTS, List.of(new SlotTable.Range(0, 511, A), new SlotTable.Range(512, 1023, B)));
  final Router router = new Router(CommandTable.standard());

  static byte[][] argv(String... parts) {
    return Arrays.stream(parts).map(p -> p.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  static String owner(String key) {
    return Slots.slotOf(key.getBytes(StandardCharsets.UTF_8), SLOTS) < 512 ? A : B;
  }

  /** A key whose slot is on {@code addr}, distinct for each i. */
  static String keyOn(String addr, int i) {
    for (int n = 0; ; n++) {
      String k = "key:" + i + ":" + n;
      if (owner(k).equals(addr)) {
        return k;
      }
    }
  }

  Route route(String... parts) {
    return router.route(argv(parts), TableSource.fixed(TABLE), 1);
  }

  static String errorOf(Route r) {
    RespValue v = assertInstanceOf(Route.Reply.class, r).value();
    return assertInstanceOf(RespValue.ErrorValue.class, v).text();
  }

  @Test
  void singleKeyGoesToTheSlotsMaster() {
    String k = keyOn(B, 1);
    Route.Forward f = assertInstanceOf(Route.Forward.class, route("GET", k));
    assertEquals(B, f.addr());
  }

  @Test
  void keysOfDifferentSlotsAreCrossslot() {
    assertEquals("CROSSSLOT Keys in request don't hash to the same slot",
        errorOf(route("RENAME", "a", "b")));
    assertInstanceOf(Route.Forward.class, route("RENAME", "{u}a", "{u}b"));
    // MSETNX is atomic only within one slot
    assertTrue(errorOf(route("MSETNX", "a", "1", "b", "2")).startsWith("CROSSSLOT"));
  }

  @Test
  void mgetSplitsPerMasterAndRemembersPositions() {
    String a1 = keyOn(A, 1);
    String b1 = keyOn(B, 2);
    String a2 = keyOn(A, 3);
    Route.FanOut f = assertInstanceOf(Route.FanOut.class, route("MGET", a1, b1, a2));
    assertEquals(Merge.ARRAY, f.merge());
    assertEquals(3, f.replyLength());
    assertEquals(2, f.parts().size());
    Route.Part pa = f.parts().get(0);
    assertEquals(A, pa.addr());
    assertArrayEquals(new int[] {0, 2}, pa.positions());
    assertEquals(List.of("MGET", a1, a2), strings(pa.argv()));
    assertEquals(List.of("MGET", b1), strings(f.parts().get(1).argv()));
  }

  @Test
  void msetSplitsKeyValuePairs() {
    String a1 = keyOn(A, 1);
    String b1 = keyOn(B, 2);
    Route.FanOut f = assertInstanceOf(Route.FanOut.class, route("MSET", a1, "x", b1, "y"));
    assertEquals(Merge.OK, f.merge());
    assertEquals(List.of("MSET", a1, "x"), strings(f.parts().get(0).argv()));
    assertEquals(List.of("MSET", b1, "y"), strings(f.parts().get(1).argv()));
  }

  @Test
  void fanOutWithinOneMasterIsForwardedUnchanged() {
    Route.Forward f = assertInstanceOf(Route.Forward.class, route("DEL", keyOn(A, 1), keyOn(A, 2)));
    assertEquals(A, f.addr());
  }

  @Test
  void delSumsAndDbsizeGoesToEveryMaster() {
    Route.FanOut del = assertInstanceOf(Route.FanOut.class, route("DEL", keyOn(A, 1), keyOn(B, 1)));
    assertEquals(Merge.SUM, del.merge());
    Route.FanOut dbsize = assertInstanceOf(Route.FanOut.class, route("DBSIZE"));
    assertEquals(Merge.SUM, dbsize.merge());
    assertEquals(List.of(A, B), dbsize.parts().stream().map(Route.Part::addr).toList());
    Route.FanOut flush = assertInstanceOf(Route.FanOut.class, route("FLUSHALL"));
    assertEquals(Merge.ALL_SUCCEEDED, flush.merge());
  }

  @Test
  void withoutATableOnlyLocalCommandsAnswer() {
    TableSource none = new TableSource() {
      @Override
      public SlotTable usable() {
        return null;
      }

      @Override
      public String downReason() {
        return "the proxy has no slot table yet";
      }
    };
    Route r = router.route(argv("GET", "k"), none, 1);
    assertEquals("CLUSTERDOWN the proxy has no slot table yet", errorOf(r));
    Route ping = router.route(argv("PING"), none, 1);
    assertEquals(new RespValue.SimpleString("PONG"),
        assertInstanceOf(Route.Reply.class, ping).value());
  }

  @Test
  void unservedSlotIsClusterdown() {
    SlotTable half = SlotTable.of(1, SLOTS, List.of(new SlotTable.Range(0, 511, A)));
    String k = keyOn(B, 1);
    assertEquals("CLUSTERDOWN Hash slot not served",
        errorOf(router.route(argv("GET", k), TableSource.fixed(half), 1)));
    assertEquals("CLUSTERDOWN Hash slot not served",
        errorOf(router.route(argv("DBSIZE"), TableSource.fixed(half), 1)));
  }

  @Test
  void localCommands() {
    assertEquals(RespValue.BulkString.of("hi"), ((Route.Reply) route("ECHO", "hi")).value());
    assertEquals(RespValue.BulkString.of("x"), ((Route.Reply) route("PING", "x")).value());
    assertTrue(((Route.Reply) route("QUIT")).close());
    assertEquals(Replies.OK, ((Route.Reply) route("SELECT", "0")).value());
    assertEquals("ERR DB index is out of range", errorOf(route("SELECT", "1")));
    RespValue.ArrayValue hello = assertInstanceOf(RespValue.ArrayValue.class,
        ((Route.Reply) route("HELLO", "2")).value());
    assertEquals(14, hello.elements().size());
    assertEquals(new RespValue.IntegerValue(CommandTable.standard().size()),
        ((Route.Reply) route("COMMAND", "COUNT")).value());
  }

  @Test
  void errorsForUnknownArityAndUnsupported() {
    assertEquals("ERR unknown command 'nosuch', with args beginning with: 'a' ",
        errorOf(route("nosuch", "a")));
    assertEquals("ERR wrong number of arguments for 'get' command", errorOf(route("GET")));
    // The session serves these on its dedicated connections.
    assertEquals("multi", assertInstanceOf(Route.Stateful.class, route("MULTI")).spec().name());
    assertEquals("subscribe", assertInstanceOf(Route.Stateful.class, route("SUBSCRIBE", "c")).spec().name());
    assertEquals("blpop", assertInstanceOf(Route.Stateful.class, route("BLPOP", "k", "0")).spec().name());
    assertTrue(errorOf(route("SHUTDOWN")).contains("not allowed through the proxy"));
  }

  static List<String> strings(byte[][] argv) {
    return Arrays.stream(argv).map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }
}
