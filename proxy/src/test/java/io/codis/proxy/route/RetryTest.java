package io.codis.proxy.route;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.protocol.resp.RespValue;
import org.junit.jupiter.api.Test;

class RetryTest {
  static RespValue err(String text) {
    return new RespValue.ErrorValue(text);
  }

  @Test
  void onlyNotExecutedRefusalsAreRetried() {
    assertTrue(Retryable.isRetryable(err("MOVED 12 127.0.0.1:7000")));
    assertTrue(Retryable.isRetryable(err("TRYAGAIN slot 12 is switching owner")));
    assertTrue(Retryable.isRetryable(err("CLUSTERDOWN Hash slot not served")));
    assertTrue(Retryable.isRetryable(err("FENCED master lease expired (group 1, epoch 4)")));
    assertTrue(Retryable.isRetryable(err("BACKENDDOWN cannot connect to 127.0.0.1:1: refused")));
    assertTrue(Retryable.isRetryable(err("BACKENDDOWN backend 127.0.0.1:1 is down: refused")));
    assertTrue(Retryable.isRetryable(err("BACKENDDOWN connection to 127.0.0.1:1 is closed")));
    // outcome unknown: the request may have run
    assertFalse(Retryable.isRetryable(err("BACKENDLOST connection to 127.0.0.1:1 lost")));
    assertFalse(Retryable.isRetryable(err("TIMEOUT no reply from 127.0.0.1:1 within 3000 ms")));
    assertFalse(Retryable.isRetryable(err("ERR syntax error")));
    assertFalse(Retryable.isRetryable(err("WRONGTYPE Operation against a key holding the wrong kind of value")));
    assertFalse(Retryable.isRetryable(new RespValue.SimpleString("OK")));
  }

  @Test
  void backoffStartsAfterTheFirstRetryAndIsCapped() {
    RetryPolicy p = RetryPolicy.DEFAULTS;
    assertEquals(0, p.backoffMs(2));
    assertEquals(5, p.backoffMs(3));
    assertEquals(10, p.backoffMs(4));
    assertEquals(200, p.backoffMs(30));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, 1, 1, 1));
  }
}
