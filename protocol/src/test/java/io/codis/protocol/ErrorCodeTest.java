package io.codis.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.codis.protocol.ErrorCode.Disposition;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The error catalogue: every code's disposition, pinned, and the parsing of error texts. */
class ErrorCodeTest {

  @Test
  void everyCodeHasItsDisposition() {
    Map<String, Disposition> expected = new TreeMap<>();
    for (String code : new String[] {"ERR", "WRONGTYPE", "MOVED", "ASK", "TRYAGAIN", "CROSSSLOT",
        "CLUSTERDOWN", "READONLY", "NOAUTH", "WRONGPASS", "NOPERM", "OOM", "EXECABORT", "LOADING",
        "MISCONF", "BUSY", "BUSYKEY", "FENCED", "MASTERDOWN", "NOREPLICAS", "NOMASTERLINK", "UNBLOCKED",
        "NOPROTO"}) {
      expected.put(code, Disposition.NOT_EXECUTED);
    }
    expected.put("TIMEOUT", Disposition.OUTCOME_UNKNOWN);
    expected.put("BACKENDDOWN", Disposition.NOT_EXECUTED);
    expected.put("BACKENDLOST", Disposition.OUTCOME_UNKNOWN);

    Map<String, Disposition> actual = new TreeMap<>();
    for (ErrorCode code : ErrorCode.values()) {
      actual.put(code.name(), code.disposition());
    }
    // a new code must be added here with a deliberate disposition
    assertEquals(expected, actual);
  }

  @Test
  void codesParseFromErrorTexts() {
    for (ErrorCode code : EnumSet.allOf(ErrorCode.class)) {
      assertEquals(code, ErrorCode.of(code.format("some message")));
      assertEquals(code, ErrorCode.of(code.name()));
    }
    assertEquals(ErrorCode.MOVED, ErrorCode.of("MOVED 12 127.0.0.1:7001"));
    assertEquals(ErrorCode.WRONGTYPE,
        ErrorCode.of("WRONGTYPE Operation against a key holding the wrong kind of value"));
    assertNull(ErrorCode.of("NOSUCHCODE x"));
    assertNull(ErrorCode.of("err lowercase"));
    assertNull(ErrorCode.of(""));
  }

  @Test
  void formatPutsTheCodeFirst() {
    assertEquals("CROSSSLOT Keys in request don't hash to the same slot",
        ErrorCode.CROSSSLOT.format("Keys in request don't hash to the same slot"));
  }
}
