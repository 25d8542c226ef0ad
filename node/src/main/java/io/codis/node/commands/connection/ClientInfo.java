package io.codis.node.commands.connection;

import io.codis.node.server.Session;

/**
 * One line of CLIENT LIST / CLIENT INFO, with Redis 7.0's fields in Redis's order. Buffer sizes we
 * do not track the way Redis does (qbuf, rbs, omem...) are reported as 0 so parsers find every field.
 */
final class ClientInfo {
  private ClientInfo() {}

  static String line(Session s, long nowMs) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("id=").append(s.id())
        .append(" addr=").append(s.remoteAddress())
        .append(" laddr=").append(s.localAddress())
        .append(" fd=").append(fd(s))
        .append(" name=").append(s.name())
        .append(" age=").append((nowMs - s.createdAtMs()) / 1000)
        .append(" idle=").append((nowMs - s.lastInteractionMs()) / 1000)
        .append(" flags=").append(flags(s))
        .append(" db=0")
        .append(" sub=").append(s.subscribedChannels().size())
        .append(" psub=").append(s.subscribedPatterns().size())
        .append(" ssub=").append(s.subscribedShardChannels().size())
        .append(" multi=").append(s.inMulti() ? s.multiQueue().size() : -1)
        .append(" qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0")
        .append(" events=r")
        .append(" cmd=").append(s.lastCommand())
        .append(" user=default")
        .append(" redir=-1")
        .append(" resp=").append(s.protocol())
        .append('\n');
    return sb.toString();
  }

  /** Redis's flag letters for the states we have; N when none applies. */
  private static String flags(Session s) {
    StringBuilder f = new StringBuilder();
    if (s.subscriptionCount() > 0) {
      f.append('P');
    }
    if (s.inMulti()) {
      f.append('x');
    }
    if (s.blocked()) {
      f.append('b');
    }
    if (s.watchedKeyTouched()) {
      f.append('d');
    }
    if (s.closing()) {
      f.append('c');
    }
    if (s.noEvict()) {
      f.append('e');
    }
    if (s.noTouch()) {
      f.append('T');
    }
    return f.length() == 0 ? "N" : f.toString();
  }

  private static int fd(Session s) {
    if (s.channel() instanceof io.netty.channel.unix.UnixChannel unix) {
      return unix.fd().intValue();
    }
    return -1;
  }
}
