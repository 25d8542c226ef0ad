package io.codis.node.exec;

/**
 * Thrown by a handler to answer with an error before it changed anything. The message is the full
 * error text after {@code '-'}, starting with a code word of the error catalogue.
 */
public final class CommandException extends RuntimeException {
  public CommandException(String errorText) {
    super(errorText, null, false, false);
  }
}
