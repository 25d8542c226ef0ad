package io.codis.node.storage;

/** The durable tier failed (I/O, a closed or failed engine); the write may not have happened. */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
