package io.codis.proxy.route;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.protocol.command.CommandTable;
import io.codis.protocol.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AUTH, refusals, the flush switch, CLIENT and SCAN cursors, without sockets. */
class RouterAccessTest {
  static final String A = "10.0.0.1:6380";
  static final String B = "10.0.0.2:6380";
  static final SlotTable TABLE = SlotTable.of(7, 1024,
      List.of(new SlotTable.Range(0, 511, A), new SlotTable.Range(512, 1023, B)));
  final Clients clients = new Clients();
  final Router router = new Router(CommandTable.standard(), new RouterOptions("pw", false), clients,
      InfoSections::minimal);
  final ClientState client = new ClientState(5, "127.0.0.1:5000", "127.0.0.1:19000", false);

  Route route(String... parts) {
    return router.route(RouterTest.argv(parts), TableSource.fixed(TABLE), client);
  }

  RespValue reply(String... parts) {
    return assertInstanceOf(Route.Reply.class, route(parts)).value();
  }

  String error(String... parts) {
    return assertInstanceOf(RespValue.ErrorValue.class, reply(parts)).text();
  }

  @Test
  void nothingButAuthHelloAndQuitBeforeAuthenticating() {
    assertEquals("NOAUTH Authentication required.", error("GET", "k"));
    assertEquals("NOAUTH Authentication required.", error("PING"));
    assertTrue(error("HELLO", "2").startsWith("NOAUTH HELLO must be called with the client already authenticated"));
    assertEquals("WRONGPASS invalid username-password pair or user is disabled.", error("AUTH", "nope"));
    assertEquals("WRONGPASS invalid username-password pair or user is disabled.", error("AUTH", "bob", "pw"));
    assertEquals("ERR syntax error", error("AUTH", "a", "b", "c"));
    assertEquals(Replies.OK, reply("AUTH", "pw"));
    assertInstanceOf(Route.Forward.class, route("GET", "k"));
  }

  @Test
  void helloAuthenticatesAndNamesTheClient() {
    assertInstanceOf(RespValue.ArrayValue.class, reply("HELLO", "2", "AUTH", "default", "pw", "SETNAME", "me"));
    assertTrue(client.authenticated());
    assertEquals("me", client.name());
    RespValue.MapValue resp3 = assertInstanceOf(RespValue.MapValue.class, reply("HELLO", "3"));
    assertEquals(new RespValue.IntegerValue(3), resp3.entries().get(2).value());
    assertEquals("NOPROTO unsupported protocol version", error("HELLO", "4"));
    assertEquals("ERR Protocol version is not an integer or out of range", error("HELLO", "x"));
  }

  /**
   * Every row of policy REFUSE, and every admin row the proxy does not answer itself, is refused
   * by the proxy whatever its arguments: replication and cluster internals (MASTERFENCE, the
   * metaserver's switchover fence, once the node's row exists) never reach a node from a client.
   */
  @Test
  void everyRefusedOrAdminRowIsRefusedByTheProxy() {
    reply("AUTH", "pw");
    int checked = 0;
    for (io.codis.protocol.command.CommandSpec spec : CommandTable.standard().all()) {
      boolean refuse = spec.policy() == io.codis.protocol.command.ProxyPolicy.REFUSE
          || spec.is(io.codis.protocol.command.CommandFlag.ADMIN)
              && spec.policy() != io.codis.protocol.command.ProxyPolicy.LOCAL;
      if (!refuse || spec.hasSubcommands()) {
        continue;
      }
      String[] argv = new String[Math.abs(spec.arity())];
      java.util.Arrays.fill(argv, "1");
      argv[0] = spec.name();
      assertEquals("ERR '" + spec.name() + "' is not allowed through the proxy", error(argv), spec.name());
      checked++;
    }
    assertTrue(checked >= 5, "rows checked: " + checked);
    if (CommandTable.standard().resolve(RouterTest.argv("MASTERFENCE", "1")) != null) {
      assertEquals("ERR 'masterfence' is not allowed through the proxy", error("MASTERFENCE", "1"));
      assertEquals("ERR 'masterfence' is not allowed through the proxy", error("MASTERFENCE", "CLEAR", "1"));
    }
  }

  @Test
  void refusedAndDisabledCommandsNeverBecomeForwards() {
    reply("AUTH", "pw");
    assertEquals("ERR 'shutdown' is not allowed through the proxy", error("SHUTDOWN"));
    assertEquals("ERR 'config get' is not allowed through the proxy", error("CONFIG", "GET", "x"));
    assertTrue(error("FLUSHALL").startsWith("ERR 'flushall' is disabled on this proxy"));
    assertTrue(error("FLUSHDB").startsWith("ERR 'flushdb' is disabled on this proxy"));
  }

  @Test
  void configSetReachesEveryMasterOnlyWhenEnabled() {
    Router open = new Router(CommandTable.standard(), new RouterOptions(null, true, true), clients,
        InfoSections::minimal);
    Route r = open.route(RouterTest.argv("CONFIG", "SET", "maxmemory", "1mb"), TableSource.fixed(TABLE), client);
    Route.FanOut f = assertInstanceOf(Route.FanOut.class, r);
    assertEquals(List.of(A, B), f.parts().stream().map(Route.Part::addr).toList());
    assertEquals(Merge.ALL_SUCCEEDED, f.merge());
    RespValue get = assertInstanceOf(Route.Reply.class,
        open.route(RouterTest.argv("CONFIG", "GET", "maxmemory"), TableSource.fixed(TABLE), client)).value();
    assertEquals("ERR 'config get' is not allowed through the proxy", ((RespValue.ErrorValue) get).text());
    reply("AUTH", "pw");
    assertEquals("ERR 'config set' is not allowed through the proxy", error("CONFIG", "SET", "maxmemory", "1mb"));
  }

  @Test
  void clientNamesFollowRedisRules() {
    reply("AUTH", "pw");
    clients.opened(client);
    assertEquals(RespValue.BulkString.NULL, reply("CLIENT", "GETNAME"));
    assertEquals("ERR Client names cannot contain spaces, newlines or special characters.",
        error("CLIENT", "SETNAME", "a b"));
    assertEquals(Replies.OK, reply("CLIENT", "SETNAME", "worker-1"));
    String list = new String(((RespValue.BulkString) reply("CLIENT", "LIST")).bytes(), StandardCharsets.UTF_8);
    assertTrue(list.startsWith("id=5 addr=127.0.0.1:5000 laddr=127.0.0.1:19000 fd=-1 name=worker-1 "), list);
    assertTrue(list.endsWith("cmd=client|list user=default redir=-1 resp=2\n"), list);
    assertEquals("", new String(((RespValue.BulkString) reply("CLIENT", "LIST", "ID", "99")).bytes(),
        StandardCharsets.UTF_8));
  }

  @Test
  void scanCursorsAddressOneMasterAndItsOwnCursor() {
    reply("AUTH", "pw");
    Route.FanOut first = assertInstanceOf(Route.FanOut.class, route("SCAN", "0", "COUNT", "5"));
    assertEquals(A, first.parts().get(0).addr());
    assertEquals("0", new String(first.parts().get(0).argv()[1], StandardCharsets.US_ASCII));
    // node B (index 1), node cursor 77
    Route.FanOut second = assertInstanceOf(Route.FanOut.class, route("SCAN", Long.toString(77 * 1024 + 1)));
    assertEquals(B, second.parts().get(0).addr());
    assertEquals("77", new String(second.parts().get(0).argv()[1], StandardCharsets.US_ASCII));
    // B's iteration ends: the proxy's iteration ends too
    RespValue end = second.merge().merge(second, new RespValue[] {new RespValue.ArrayValue(List.of(
        RespValue.BulkString.of("0"), new RespValue.ArrayValue(List.of())))});
    assertEquals(RespValue.BulkString.of("0"), ((RespValue.ArrayValue) end).elements().get(0));
    // A's page continues on A, then moves to B
    RespValue next = first.merge().merge(first, new RespValue[] {new RespValue.ArrayValue(List.of(
        RespValue.BulkString.of("12"), new RespValue.ArrayValue(List.of())))});
    assertEquals(RespValue.BulkString.of(Long.toString(12 * 1024)), ((RespValue.ArrayValue) next).elements().get(0));
    RespValue moveOn = first.merge().merge(first, new RespValue[] {new RespValue.ArrayValue(List.of(
        RespValue.BulkString.of("0"), new RespValue.ArrayValue(List.of())))});
    assertEquals(RespValue.BulkString.of("1"), ((RespValue.ArrayValue) moveOn).elements().get(0));
    assertEquals("ERR invalid cursor", error("SCAN", "x"));
  }
}
