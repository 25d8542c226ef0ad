package io.codis.node.config;

import java.util.List;

/**
 * One CONFIG parameter: its name (and aliases, which share its value), its default, and how a new
 * value is checked and normalised. {@link #normalize} returns what CONFIG GET will report, or throws
 * {@link InvalidValue} with the text Redis puts after {@code CONFIG SET failed (...) - }.
 *
 * @param name canonical name
 * @param aliases other names of the same setting ({@code hash-max-ziplist-entries})
 * @param defaultValue value when no flag or CONFIG SET gave one
 * @param mutable false for settings fixed at start-up ({@code port}, {@code databases})
 * @param type how values are parsed
 */
public record ConfigParam(String name, List<String> aliases, String defaultValue, boolean mutable, Type type) {

  /** A value CONFIG SET refuses, with Redis's reason text. */
  public static final class InvalidValue extends Exception {
    public InvalidValue(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Parses and normalises values of one kind of parameter. */
  @FunctionalInterface
  public interface Type {
    String normalize(String value) throws InvalidValue;
  }

  public ConfigParam {
    aliases = List.copyOf(aliases);
  }

  public String normalize(String value) throws InvalidValue {
    return type.normalize(value);
  }
}
