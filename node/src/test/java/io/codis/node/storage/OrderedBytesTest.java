package io.codis.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OrderedBytesTest {
  private static byte[] encodeDouble(double d) {
    byte[] out = new byte[8];
    OrderedBytes.putDouble(out, 0, d);
    return out;
  }

  private static byte[] encodeLong(long v) {
    byte[] out = new byte[8];
    OrderedBytes.putLong(out, 0, v);
    return out;
  }

  @Test
  void doubleByteOrderIsNumericOrderWithNegativeZeroBelowPositiveZero() {
    double[] ascending = {Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1e10, -1.5, -Double.MIN_VALUE,
        -0.0, 0.0, Double.MIN_VALUE, 1e-300, 1, 1.5, 3e8, Double.MAX_VALUE, Double.POSITIVE_INFINITY};
    for (int i = 0; i + 1 < ascending.length; i++) {
      byte[] a = encodeDouble(ascending[i]);
      byte[] b = encodeDouble(ascending[i + 1]);
      assertTrue(Arrays.compareUnsigned(a, b) < 0, ascending[i] + " must sort before " + ascending[i + 1]);
    }
    for (double d : ascending) {
      double back = OrderedBytes.getDouble(encodeDouble(d), 0);
      assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(back), "round trip of " + d);
    }
  }

  @Test
  void longByteOrderIsSignedOrder() {
    long[] ascending = {Long.MIN_VALUE, -5_000_000_000L, -1, 0, 1, 255, 256, Long.MAX_VALUE};
    for (int i = 0; i + 1 < ascending.length; i++) {
      assertTrue(Arrays.compareUnsigned(encodeLong(ascending[i]), encodeLong(ascending[i + 1])) < 0);
    }
    for (long v : ascending) {
      assertEquals(v, OrderedBytes.getLong(encodeLong(v), 0));
    }
  }

  @Test
  void successorIsTheFirstKeyAfterThePrefix() {
    assertEquals("[1, 3]", Arrays.toString(KeyCodec.successor(new byte[] {1, 2})));
    assertEquals("[1, 3]", Arrays.toString(KeyCodec.successor(new byte[] {1, 2, (byte) 0xFF})));
  }

  @Test
  void keyPrefixesOfKeysThatShareBytesDoNotNest() {
    // "a" must not be a prefix of "ab" in the subkeys family, or a range delete of "a" would hit "ab".
    byte[] a = KeyCodec.versionPrefix(7, new byte[] {'a'}, 1);
    byte[] ab = KeyCodec.versionPrefix(7, new byte[] {'a', 'b'}, 1);
    assertTrue(Arrays.compareUnsigned(ab, KeyCodec.successor(a)) >= 0
        || Arrays.compareUnsigned(ab, a) < 0);
  }
}
