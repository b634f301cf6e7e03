package weka.classifiers.functions.bnmlp.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Picks ND4J's native CPU build: the AVX-512 or AVX2 build where the processor supports it and the
 * package holds it, else the generic build. JavaCPP loads the build named by the platform
 * extension ({@code -avx512}, {@code -avx2} or none).
 */
public final class CpuFeatures {

  /** The instruction sets the AVX-512 build is compiled for (Skylake-SP and later). */
  static final String[] AVX512_FLAGS = {"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"};
  static final String[] AVX2_FLAGS = {"avx2", "fma", "bmi2"};

  private CpuFeatures() {
  }

  /** The flags of /proc/cpuinfo (Linux); empty elsewhere or when unreadable. */
  public static Set<String> linuxFlags() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    try {
      if (Files.isReadable(cpuinfo)) {
        return parseFlags(Files.readString(cpuinfo));
      }
    } catch (IOException e) {
      return new HashSet<>(); // unreadable: the generic build is always safe
    }
    return new HashSet<>();
  }

  static Set<String> parseFlags(String cpuinfo) {
    for (String line : cpuinfo.split("\\R")) {
      if (line.startsWith("flags")) {
        int colon = line.indexOf(':');
        return new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
      }
    }
    return new HashSet<>();
  }

  /**
   * @param flags the processor's feature flags
   * @param packaged whether the package holds the build with the given extension
   * @return the JavaCPP platform extension to load: "-avx512", "-avx2" or "" (generic)
   */
  public static String bestExtension(Set<String> flags, Predicate<String> packaged) {
    if (flags.containsAll(Arrays.asList(AVX512_FLAGS)) && packaged.test("-avx512")) {
      return "-avx512";
    }
    if (flags.containsAll(Arrays.asList(AVX2_FLAGS)) && packaged.test("-avx2")) {
      return "-avx2";
    }
    return "";
  }
}
