package io.codis.node.commands.zsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codis.protocol.resp.RespWriter;
import org.junit.jupiter.api.Test;

/** Score texts as redis-server 7.0 prints them (taken from a real server's replies). */
class ScoreFormatTest {
  @Test
  void formatsLikeCPercent17g() {
    assertEquals("0.10000000000000001", RespWriter.formatDouble(0.1));
    assertEquals("1.0000000000000001e-05", RespWriter.formatDouble(1e-5));
    assertEquals("0.0001", RespWriter.formatDouble(1e-4));
    assertEquals("3", RespWriter.formatDouble(3.0));
    assertEquals("1.5e+20", RespWriter.formatDouble(1.5e20));
    assertEquals("1e+17", RespWriter.formatDouble(1e17));
    assertEquals("1.2345678901234568e+17", RespWriter.formatDouble(123456789012345678.0));
    assertEquals("99999999999999984", RespWriter.formatDouble(99999999999999984.0));
    assertEquals("0.30000000000000004", RespWriter.formatDouble(0.1 + 0.2));
    assertEquals("-0", RespWriter.formatDouble(-0.0));
    assertEquals("0", RespWriter.formatDouble(0.0));
    assertEquals("inf", RespWriter.formatDouble(Double.POSITIVE_INFINITY));
    assertEquals("-inf", RespWriter.formatDouble(Double.NEGATIVE_INFINITY));
    assertEquals("-2.5", RespWriter.formatDouble(-2.5));
    assertEquals("3.999955468730732e-320", RespWriter.formatDouble(4e-320));
    assertEquals("1.7976931348623157e+308", RespWriter.formatDouble(Double.MAX_VALUE));
    assertEquals("123.456", RespWriter.formatDouble(123.456));
  }

  @Test
  void listpackScoresPrintIntegralValuesAsIntegers() {
    assertEquals("100000000000000000", ZRandomScanCommands.listpackScoreText(1e17));
    assertEquals("4611686018427387904", ZRandomScanCommands.listpackScoreText(0x1p62));
    assertEquals("9.2233720368547758e+18", ZRandomScanCommands.listpackScoreText(0x1p63));
    assertEquals("0", ZRandomScanCommands.listpackScoreText(-0.0));
    assertEquals("0.5", ZRandomScanCommands.listpackScoreText(0.5));
  }
}
