package io.codis.node.commands.server;

import io.codis.node.commands.server.InfoCommand.Lines;
import io.codis.node.exec.NodeServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.codis.node.tier.MemoryTier;
import java.util.Locale;

/**
 * INFO memory and cpu. Memory figures come from the JVM heap (used_memory) and the kernel
 * (used_memory_rss from /proc), so they are honest about a Java process rather than copies of
 * jemalloc's statistics.
 */
final class InfoMemory {
  private static long peakUsedBytes;

  private InfoMemory() {}

  static void section(Lines l, NodeServices node) {
    Runtime rt = Runtime.getRuntime();
    long heapUsed = rt.totalMemory() - rt.freeMemory();
    MemoryTier tier = node.tier();
    // Under a maxmemory budget, used_memory is the figure the budget is enforced on (the tier's
    // estimate of the decoded values); otherwise the JVM heap in use.
    long used = tier != null && tier.enabled() ? tier.usedBytes() : heapUsed;
    peakUsedBytes = Math.max(peakUsedBytes, used);
    long rss = rssBytes();
    long maxmemory = Long.parseLong(node.configStore().get("maxmemory"));
    long total = totalSystemMemory();
    l.header("Memory");
    l.put("used_memory", used);
    l.put("used_memory_human", human(used));
    l.put("used_memory_rss", rss);
    l.put("used_memory_rss_human", human(rss));
    l.put("used_memory_peak", peakUsedBytes);
    l.put("used_memory_peak_human", human(peakUsedBytes));
    l.put("used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", 100.0 * used / Math.max(1, peakUsedBytes)));
    l.put("used_memory_overhead", 0);
    l.put("used_memory_startup", 0);
    l.put("used_memory_dataset", used);
    l.put("used_memory_dataset_perc", "100.00%");
    l.put("allocator_allocated", used);
    l.put("allocator_active", rt.totalMemory());
    l.put("allocator_resident", rss);
    l.put("total_system_memory", total);
    l.put("total_system_memory_human", human(total));
    l.put("used_memory_lua", 0);
    l.put("used_memory_vm_eval", 0);
    l.put("used_memory_lua_human", "0B");
    l.put("used_memory_scripts_eval", 0);
    l.put("number_of_cached_scripts", 0);
    l.put("number_of_functions", 0);
    l.put("number_of_libraries", 0);
    l.put("used_memory_vm_functions", 0);
    l.put("used_memory_vm_total", 0);
    l.put("used_memory_vm_total_human", "0B");
    l.put("used_memory_functions", 0);
    l.put("used_memory_scripts", 0);
    l.put("used_memory_scripts_human", "0B");
    l.put("maxmemory", maxmemory);
    l.put("maxmemory_human", human(maxmemory));
    l.put("maxmemory_policy", node.configStore().get("maxmemory-policy"));
    l.put("allocator_frag_ratio", "1.00");
    l.put("allocator_frag_bytes", 0);
    l.put("allocator_rss_ratio", "1.00");
    l.put("allocator_rss_bytes", 0);
    l.put("rss_overhead_ratio", "1.00");
    l.put("rss_overhead_bytes", 0);
    l.put("mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", (double) rss / Math.max(1, used)));
    l.put("mem_fragmentation_bytes", rss - used);
    l.put("mem_not_counted_for_evict", 0);
    l.put("mem_replication_backlog", 0);
    l.put("mem_total_replication_buffers", 0);
    l.put("mem_clients_slaves", 0);
    l.put("mem_clients_normal", 0);
    l.put("mem_cluster_links", 0);
    l.put("mem_aof_buffer", 0);
    l.put("mem_allocator", "jvm");
    l.put("active_defrag_running", 0);
    l.put("lazyfree_pending_objects", 0);
    l.put("lazyfreed_objects", 0);
    // ours: the JVM heap, and the memory tier (docs/storage.md, "Memory tier and maxmemory")
    l.put("used_memory_heap", heapUsed);
    if (tier != null) {
      long keys = node.keyspace().size();
      l.put("tier_mode", !tier.enabled() ? "off" : tier.persistent() ? "hot-cold" : "cache");
      l.put("tier_hot_keys", tier.enabled() ? tier.hotKeys() : keys);
      l.put("tier_cold_keys", tier.persistent() && tier.enabled() ? Math.max(0, keys - tier.hotKeys()) : 0);
      l.put("tier_evicted_to_cold", tier.evictedToCold());
      l.put("tier_cold_loads", tier.coldLoads());
    }
  }

  static void cpu(Lines l) {
    double[] userSys = cpuSeconds();
    l.header("CPU");
    l.put("used_cpu_sys", String.format(Locale.ROOT, "%.6f", userSys[1]));
    l.put("used_cpu_user", String.format(Locale.ROOT, "%.6f", userSys[0]));
    l.put("used_cpu_sys_children", "0.000000");
    l.put("used_cpu_user_children", "0.000000");
    l.put("used_cpu_sys_main_thread", String.format(Locale.ROOT, "%.6f", userSys[1]));
    l.put("used_cpu_user_main_thread", String.format(Locale.ROOT, "%.6f", userSys[0]));
  }

  /** Redis's bytesToHuman: B, K, M, G... with two decimals. */
  static String human(long n) {
    String[] units = {"B", "K", "M", "G", "T", "P"};
    double d = n;
    int u = 0;
    while (d >= 1024 && u < units.length - 1) {
      d /= 1024;
      u++;
    }
    return u == 0 ? n + "B" : String.format(Locale.ROOT, "%.2f%s", d, units[u]);
  }

  private static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return Runtime.getRuntime().totalMemory();
  }

  private static long totalSystemMemory() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return 0;
  }

  /** User and system CPU seconds of the process, from /proc/self/stat (clock ticks of 1/100 s). */
  private static double[] cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new double[] {Long.parseLong(f[11]) / 100.0, Long.parseLong(f[12]) / 100.0};
    } catch (IOException | RuntimeException e) {
      return new double[] {0, 0};
    }
  }
}
