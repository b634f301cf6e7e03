package weka.classifiers.functions.bnmlp.backend;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this JVM and machine can still give: free Java heap (up to -Xmx) and physical memory. ND4J
 * keeps its arrays outside the Java heap and does not count them against JavaCPP's limits, so the
 * physical memory the machine has available is the limit that matters for them.
 */
public final class MemoryLimits {

  /** Java heap that can still be allocated, counting what the JVM may grow into up to -Xmx. */
  public final long heapAvailable;
  /** The -Xmx limit. */
  public final long heapMax;
  /** Physical memory the machine can still give (Linux: MemAvailable; elsewhere free memory). */
  public final long physicalAvailable;
  /** Heap that the JVM has not yet taken from the machine: it competes with ND4J for physical memory. */
  public final long heapUncommitted;

  public MemoryLimits(long heapAvailable, long heapMax, long physicalAvailable, long heapUncommitted) {
    this.heapAvailable = heapAvailable;
    this.heapMax = heapMax;
    this.physicalAvailable = physicalAvailable;
    this.heapUncommitted = heapUncommitted;
  }

  /** The limits now. */
  public static MemoryLimits ofThisJvm() {
    Runtime runtime = Runtime.getRuntime();
    long used = runtime.totalMemory() - runtime.freeMemory();
    return new MemoryLimits(runtime.maxMemory() - used, runtime.maxMemory(), physicalAvailable(),
        runtime.maxMemory() - runtime.totalMemory());
  }

  private static long physicalAvailable() {
    Path meminfo = Path.of("/proc/meminfo");
    if (Files.isReadable(meminfo)) {
      try {
        Long available = parseMemAvailable(Files.readString(meminfo));
        if (available != null) {
          return available;
        }
      } catch (IOException e) {
        // fall through to the JVM's own view
      }
    }
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getFreePhysicalMemorySize();
    }
    return Long.MAX_VALUE; // unknown: only the heap is checked
  }

  /** Bytes of "MemAvailable" in /proc/meminfo text, or null. */
  static Long parseMemAvailable(String meminfo) {
    for (String line : meminfo.split("\\R")) {
      if (line.startsWith("MemAvailable:")) {
        String[] parts = line.substring("MemAvailable:".length()).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024; // in kB
      }
    }
    return null;
  }
}
