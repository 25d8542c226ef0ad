package io.codis.node.migrate;

import io.codis.node.migrate.OutgoingMigration.Phase;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one {@link OutgoingMigration} to its target on a thread of its own: asks the event loop
 * for a batch, sends it ({@code SLOTSIMPORT BATCH slot id seq payload}), waits as the {@link
 * Throttle} says, and so on until the tail; then waits for the commit or the cancel. A batch whose
 * reply was lost is sent again under the same sequence number after a reconnect (the target
 * acknowledges a sequence number it already applied without applying it again). The event loop
 * never waits for the network; this thread never touches the keyspace.
 */
final class MigrationWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationWorker.class);
  /** How often a worker that waits (paused, READY, COMMITTED) looks at its migration again. */
  static final long POLL_MS = 20;
  /** Longest the worker waits for the event loop to answer one request. */
  static final long LOOP_WAIT_MS = 30_000;

  private final SlotMigrations owner;
  private final OutgoingMigration m;
  private final EventLoop loop;
  private final Throttle throttle;
  private final MigrationLimits limits;
  private final String password;
  private final String self;
  private final String host;
  private final int port;
  private ImportLink link;

  MigrationWorker(SlotMigrations owner, OutgoingMigration m, EventLoop loop, Throttle throttle,
      MigrationLimits limits, String password, String self) {
    this.owner = owner;
    this.m = m;
    this.loop = loop;
    this.throttle = throttle;
    this.limits = limits;
    this.password = password;
    this.self = self;
    int colon = m.target.lastIndexOf(':');
    this.host = m.target.substring(0, colon);
    this.port = Integer.parseInt(m.target.substring(colon + 1));
  }

  @Override
  public void run() {
    try {
      stream();
      awaitOutcome();
    } catch (ImportLink.Refused e) {
      finishFailed("target refused: " + e.getMessage());
    } catch (IOException e) {
      finishFailed("target unreachable: " + e.getMessage());
    } catch (Exception e) {
      finishFailed("migration stopped: " + e);
    } finally {
      closeLink();
    }
  }

  private void stream() throws Exception {
    send(bytes("SLOTSIMPORT"), bytes("BEGIN"), num(m.slot), bytes(m.id), bytes(self));
    long seq = 0;
    while (true) {
      Phase phase = onLoop(m::phase);
      if (phase == Phase.CANCELLED || phase == Phase.FAILED) {
        return;
      }
      if (onLoop(m::paused)) {
        sleepMs(POLL_MS);
        continue;
      }
      OutgoingMigration.Batch batch = onLoop(() -> m.phase().finished() ? null : m.nextBatch(System.currentTimeMillis()));
      if (batch == null) {
        return;
      }
      if (batch.payload().length > 0) {
        seq++;
        send(bytes("SLOTSIMPORT"), bytes("BATCH"), num(m.slot), bytes(m.id), num(seq), batch.payload());
      }
      long pause = throttle.pauseNanos(System.nanoTime(), batch.payload().length, batch.keys());
      if (pause > 0) {
        LockSupport.parkNanos(pause);
      }
      if (batch.last()) {
        send(bytes("SLOTSIMPORT"), bytes("END"), num(m.slot), bytes(m.id), num(seq));
        onLoop(() -> {
          owner.ready(m);
          return null;
        });
        return;
      }
    }
  }

  /** After the tail: the commit (then, standalone, the target takes the slot) or a cancel. */
  private void awaitOutcome() throws Exception {
    while (true) {
      Phase phase = onLoop(m::phase);
      switch (phase) {
        case DONE -> {
          return;
        }
        case CANCELLED, FAILED -> {
          cancelOnTarget();
          return;
        }
        case COMMITTED -> {
          if (onLoop(owner::standalone)) {
            send(bytes("SLOTSIMPORT"), bytes("COMMIT"), num(m.slot), bytes(m.id));
            onLoop(() -> {
              owner.done(m);
              return null;
            });
            return;
          }
        }
        default -> { }
      }
      sleepMs(POLL_MS);
    }
  }

  private void finishFailed(String reason) {
    LOG.warn("migration of slot {} to {} failed: {}", m.slot, m.target, reason);
    try {
      onLoop(() -> {
        owner.failed(m, reason);
        return null;
      });
    } catch (Exception e) {
      LOG.debug("event loop gone", e);
    }
    cancelOnTarget();
  }

  /** Best effort: the target drops its partial copy (it would be replaced by the next BEGIN anyway). */
  private void cancelOnTarget() {
    try {
      send(bytes("SLOTSIMPORT"), bytes("CANCEL"), num(m.slot), bytes(m.id));
    } catch (Exception e) {
      LOG.info("slot {}: could not cancel the import on {}: {}", m.slot, m.target, e.getMessage());
    }
  }

  /** Sends one command, reconnecting and sending it again after a connection failure. */
  private String send(byte[]... args) throws IOException, ImportLink.Refused, InterruptedException {
    IOException last = null;
    for (int attempt = 0; attempt < limits.retriesMax(); attempt++) {
      try {
        if (link == null) {
          link = new ImportLink(host, port, limits.ioTimeoutMs(), password);
          if (attempt > 0) {
            link.call(bytes("SLOTSIMPORT"), bytes("BEGIN"), num(m.slot), bytes(m.id), bytes(self));
          }
        }
        return link.call(args);
      } catch (IOException e) {
        last = e;
        closeLink();
        sleepMs(Math.min(1_000, 100L * (attempt + 1)));
      }
    }
    throw last;
  }

  private void closeLink() {
    if (link != null) {
      try {
        link.close();
      } catch (IOException e) {
        LOG.debug("closing link", e);
      }
      link = null;
    }
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
    return loop.submit(task).get(LOOP_WAIT_MS, TimeUnit.MILLISECONDS);
  }

  private static void sleepMs(long ms) throws InterruptedException {
    Thread.sleep(ms);
  }

  private static byte[] bytes(String s) {
    return ImportLink.bytes(s);
  }

  private static byte[] num(long n) {
    return bytes(Long.toString(n));
  }
}
