package io.codis.proxy.route;

/**
 * The proxy's settings that change how commands are answered.
 *
 * @param requirepass password clients must AUTH with ({@code --requirepass}), or null for none
 * @param flushEnabled whether FLUSHALL/FLUSHDB reach the nodes ({@code --flush-enabled}); when
 *     false they are refused with an error
 * @param configSetEnabled whether CONFIG SET is sent to every master ({@code --config-set-enabled});
 *     when false it is refused like every other CONFIG subcommand
 */
public record RouterOptions(String requirepass, boolean flushEnabled, boolean configSetEnabled) {
  public static final RouterOptions DEFAULTS = new RouterOptions(null, true, false);

  public RouterOptions(String requirepass, boolean flushEnabled) {
    this(requirepass, flushEnabled, false);
  }

  public RouterOptions {
    if (requirepass != null && requirepass.isEmpty()) {
      requirepass = null;
    }
  }
}
