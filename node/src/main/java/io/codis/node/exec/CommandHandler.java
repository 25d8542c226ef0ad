package io.codis.node.exec;

/**
 * Executes one command. A handler validates all its arguments before it changes anything (a
 * {@link CommandException} after a change would leave a half-done command), writes exactly one reply
 * (or blocks the client through {@link Call#block}), and calls {@code keyspace.modified(key)} for
 * every key it wrote.
 */
@FunctionalInterface
public interface CommandHandler {
  void execute(Call call);
}
