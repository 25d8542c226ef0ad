package io.codis.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The published slot test vectors. Each expected slot is stated twice: as a literal (checked once
 * against Python's {@code zlib.crc32}, an independent CRC-32/IEEE) and as the CRC32 of the bytes the
 * hash-tag rule says are hashed, computed here without {@link Slots}.
 */
class SlotsTest {
  private static final int SLOTS = Slots.DEFAULT_SLOT_COUNT;

  @Test
  void checkValueOfTheCrc() {
    // the CRC-32/IEEE check value: crc32("123456789") = 0xCBF43926
    assertEquals(0xCBF43926L, Slots.hash(b("123456789")));
    assertEquals(294, Slots.slotOf(b("123456789"), SLOTS));
  }

  @Test
  void hashTagSharesTheSlot() {
    assertEquals(870, Slots.slotOf(b("{user1000}.following"), SLOTS));
    assertEquals(870, Slots.slotOf(b("{user1000}.followers"), SLOTS));
    assertEquals(crcSlot("user1000"), Slots.slotOf(b("{user1000}.following"), SLOTS));
    assertEquals(7014, Slots.slotOf(b("{user1000}.following"), 16384));
  }

  @Test
  void emptyTagHashesTheWholeKey() {
    assertEquals(857, Slots.slotOf(b("foo{}{bar}"), SLOTS));
    assertEquals(crcSlot("foo{}{bar}"), Slots.slotOf(b("foo{}{bar}"), SLOTS));
    assertNotEquals(crcSlot("bar"), Slots.slotOf(b("foo{}{bar}"), SLOTS));
  }

  @Test
  void tagRunsFromTheFirstOpenToTheNextClose() {
    assertEquals(313, Slots.slotOf(b("foo{{bar}}zap"), SLOTS));
    assertEquals(crcSlot("{bar"), Slots.slotOf(b("foo{{bar}}zap"), SLOTS));
    assertEquals(170, Slots.slotOf(b("foo{bar}{zap}"), SLOTS));
    assertEquals(crcSlot("bar"), Slots.slotOf(b("foo{bar}{zap}"), SLOTS));
  }

  @Test
  void keysWithoutAClosedTagHashWhole() {
    assertEquals(0, Slots.slotOf(new byte[0], SLOTS));
    assertEquals(289, Slots.slotOf(b("foo"), SLOTS));
    assertEquals(crcSlot("foo{bar"), Slots.slotOf(b("foo{bar"), SLOTS));
    assertEquals(crcSlot("foo}bar{"), Slots.slotOf(b("foo}bar{"), SLOTS));
    assertEquals(crcSlot("{}"), Slots.slotOf(b("{}"), SLOTS));
  }

  @Test
  void binaryKeysAndSlotCounts() {
    byte[] key = {(byte) 0xff, 0, '{', (byte) 0x80, '}'};
    assertEquals(crcSlot(new byte[] {(byte) 0x80}, SLOTS), Slots.slotOf(key, SLOTS));
    for (int slots : new int[] {1, 7, 1024, Slots.SLOT_COUNT_MAX}) {
      int slot = Slots.slotOf(b("some-key"), slots);
      assertEquals(crcSlot(b("some-key"), slots), slot);
    }
  }

  private static int crcSlot(String hashed) {
    return crcSlot(b(hashed), SLOTS);
  }

  private static int crcSlot(byte[] hashed, int slots) {
    CRC32 crc = new CRC32();
    crc.update(hashed);
    return (int) (crc.getValue() % slots);
  }

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
