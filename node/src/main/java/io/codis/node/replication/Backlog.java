package io.codis.node.replication;

/**
 * The last {@code capacityBytes} bytes of the replication stream, addressed by stream offset: what a
 * replica that reconnects can be sent without a full resync (Redis's repl-backlog). A ring buffer;
 * {@link #endOffset} is the master's replication offset (bytes ever appended), {@link
 * #startOffset} the offset of the oldest byte still held. Used on the event loop only.
 */
public final class Backlog {
  private final byte[] ring;
  private long endOffset;
  private long startOffset;

  /** An empty backlog whose stream continues at {@code offset}. */
  public Backlog(int capacityBytes, long offset) {
    if (capacityBytes < 1) {
      throw new IllegalArgumentException("capacityBytes: " + capacityBytes + " (expected: >= 1)");
    }
    this.ring = new byte[capacityBytes];
    this.endOffset = offset;
    this.startOffset = offset;
  }

  public int capacityBytes() {
    return ring.length;
  }

  /** Offset just past the last byte appended (the replication offset). */
  public long endOffset() {
    return endOffset;
  }

  /** Offset of the oldest byte still held. */
  public long startOffset() {
    return startOffset;
  }

  /** Bytes held ({@code repl_backlog_histlen}). */
  public long length() {
    return endOffset - startOffset;
  }

  /** True when the stream from {@code offset} on is still held (offset may equal the end). */
  public boolean holds(long offset) {
    return offset >= startOffset && offset <= endOffset;
  }

  public void append(byte[] bytes) {
    append(bytes, 0, bytes.length);
  }

  public void append(byte[] bytes, int from, int length) {
    if (length >= ring.length) {
      // only the tail fits
      int skip = length - ring.length;
      endOffset += skip;
      from += skip;
      length = ring.length;
    }
    int pos = (int) (endOffset % ring.length);
    int first = Math.min(length, ring.length - pos);
    System.arraycopy(bytes, from, ring, pos, first);
    System.arraycopy(bytes, from + first, ring, 0, length - first);
    endOffset += length;
    startOffset = Math.max(startOffset, endOffset - ring.length);
  }

  /**
   * Copies up to {@code maxBytes} from {@code offset} into a new array; throws when the offset is
   * not held (the caller checks {@link #holds} first).
   */
  public byte[] copy(long offset, int maxBytes) {
    if (!holds(offset)) {
      throw new IllegalArgumentException(
          "offset: " + offset + " (expected: " + startOffset + ".." + endOffset + ")");
    }
    int length = (int) Math.min(maxBytes, endOffset - offset);
    byte[] out = new byte[length];
    int pos = (int) (offset % ring.length);
    int first = Math.min(length, ring.length - pos);
    System.arraycopy(ring, pos, out, 0, first);
    System.arraycopy(ring, 0, out, first, length - first);
    return out;
  }
}
