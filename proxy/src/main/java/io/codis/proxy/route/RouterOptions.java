package io.codis.proxy.route;

/**
 * The proxy's settings that change how commands are answered.
 *
 * @param requirepass password clients must AUTH with ({@code --requirepass}), or null for none
 * @param flushEnabled whether FLUSHALL/FLUSHDB reach the nodes ({@code --flush-enabled}); when
 *     false they are refused with an error
 */
public record RouterOptions(String requirepass, boolean flushEnabled) {
  public static final RouterOptions DEFAULTS = new RouterOptions(null, true);

  public RouterOptions {
    if (requirepass != null && requirepass.isEmpty()) {
      requirepass = null;
    }
  }
}
