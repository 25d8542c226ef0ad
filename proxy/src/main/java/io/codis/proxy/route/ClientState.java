package io.codis.proxy.route;

/**
 * What the proxy knows about one client connection: its id, addresses, name, whether it has
 * authenticated, the RESP version it speaks, and its last command (for CLIENT LIST/INFO). Written only on the client's event
 * loop; CLIENT LIST on another loop reads it without locks, so the fields it shows are volatile.
 */
public final class ClientState {
  private final long id;
  private final String addr;
  private final String laddr;
  private final long createdAtMs;
  private volatile String name = "";
  private volatile boolean authenticated;
  private volatile String lastCommand = "NULL";
  private volatile long lastInteractionMs;
  private volatile int protover = 2;

  public ClientState(long id, String addr, String laddr, boolean authenticated) {
    this.id = id;
    this.addr = addr;
    this.laddr = laddr;
    this.authenticated = authenticated;
    this.createdAtMs = System.currentTimeMillis();
    this.lastInteractionMs = createdAtMs;
  }

  public long id() {
    return id;
  }

  public String addr() {
    return addr;
  }

  public String laddr() {
    return laddr;
  }

  public String name() {
    return name;
  }

  void name(String value) {
    this.name = value;
  }

  public boolean authenticated() {
    return authenticated;
  }

  void authenticated(boolean value) {
    this.authenticated = value;
  }

  /**
   * RESET, as Redis does it: the name is cleared and the client is de-authenticated; without a
   * password to check ({@code passwordless}) it is the default user again at once.
   */
  public void reset(boolean passwordless) {
    this.name = "";
    this.authenticated = passwordless;
  }

  /** Full name of the last command's row ({@code "client|list"}), {@code "NULL"} if unknown. */
  public String lastCommand() {
    return lastCommand;
  }

  /** RESP version the client speaks: 2, or 3 after a successful {@code HELLO 3}. */
  public int protover() {
    return protover;
  }

  public void protover(int version) {
    this.protover = version;
  }

  /** Records the client's latest command (the session calls it for what it serves itself, RESET). */
  public void touched(String command) {
    this.lastCommand = command;
    this.lastInteractionMs = System.currentTimeMillis();
  }

  /** One line of CLIENT LIST (Redis's field names; fields without a proxy meaning are fixed). */
  String infoLine() {
    long now = System.currentTimeMillis();
    return "id=" + id + " addr=" + addr + " laddr=" + laddr + " fd=-1 name=" + name
        + " age=" + (now - createdAtMs) / 1000 + " idle=" + (now - lastInteractionMs) / 1000
        + " flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0"
        + " rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=" + lastCommand
        + " user=default redir=-1 resp=" + protover;
  }
}
