package weka.classifiers.functions.bnmlp.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The processor's feature flags, and which of ND4J's native CPU builds they can run: the AVX-512 or
 * AVX2 build where the processor supports it and the package holds it, else the generic build.
 * JavaCPP loads the build named by the platform extension ({@code -avx512}, {@code -avx2} or none).
 *
 * <p>The system property {@value #FLAGS_PROPERTY} (comma-separated {@code /proc/cpuinfo} flag names)
 * replaces the flags read from the machine, so that tests can make the code see another processor.
 */
public final class CpuFeatures {

  /** The test seam: flags that replace this machine's. */
  public static final String FLAGS_PROPERTY = "bnmlp.cpuFlags";

  /** The instruction sets the AVX-512 build is compiled for (Skylake-SP and later). */
  static final String[] AVX512_FLAGS = {"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"};
  static final String[] AVX2_FLAGS = {"avx2", "fma", "bmi2"};

  private CpuFeatures() {
  }

  /** The flags every choice reads: those of {@value #FLAGS_PROPERTY} when it is set, else the machine's. */
  public static Set<String> current() {
    String seam = System.getProperty(FLAGS_PROPERTY);
    if (seam != null) {
      Set<String> flags = new HashSet<>();
      for (String flag : seam.split(",")) {
        if (!flag.isBlank()) {
          flags.add(flag.trim().toLowerCase(Locale.ROOT));
        }
      }
      return flags;
    }
    return linuxFlags();
  }

  /**
   * The processor for a benchmark's output, e.g. "AMD EPYC (family 25, model 17), vector ISA avx512":
   * every figure names the processor it was measured on. Under {@value #FLAGS_PROPERTY} the ISA is
   * the one the package sees, followed by the processor's own.
   */
  public static String describe() {
    List<String> cpuinfo = cpuinfoLines();
    String model = cpuinfoValue(cpuinfo, "model name");
    String family = cpuinfoValue(cpuinfo, "cpu family");
    String number = cpuinfoValue(cpuinfo, "model");
    String name = (model != null ? model : "unknown processor")
        + (family != null && number != null ? " (family " + family + ", model " + number + ")" : "");
    String seen = vectorIsa(current());
    return name + ", vector ISA " + seen + (System.getProperty(FLAGS_PROPERTY) != null
        ? " (through " + FLAGS_PROPERTY + "; the processor itself: "
            + vectorIsa(parseFlags(String.join("\n", cpuinfo))) + ")" : "");
  }

  /** The widest vector instructions the package uses with these flags: "avx512", "avx2" or "sse". */
  public static String vectorIsa(Set<String> flags) {
    if (!flags.containsAll(Arrays.asList(AVX2_FLAGS))) {
      return "sse";
    }
    return flags.containsAll(Arrays.asList(AVX512_FLAGS)) ? "avx512" : "avx2";
  }

  /** The lines of /proc/cpuinfo; none where it cannot be read (not Linux). */
  private static List<String> cpuinfoLines() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo"));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** The first value of a /proc/cpuinfo field, or null. */
  private static String cpuinfoValue(List<String> cpuinfo, String field) {
    for (String line : cpuinfo) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(field)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
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
    for (String extension : new String[] {"-avx512", "-avx2"}) {
      if (missingFor(extension, flags).isEmpty() && packaged.test(extension)) {
        return extension;
      }
    }
    return "";
  }

  /**
   * The flags a build needs that the processor lacks: empty when it can run the build. An unknown
   * extension needs nothing we know of, so it is left to the user who asked for it.
   */
  public static List<String> missingFor(String extension, Set<String> flags) {
    List<String> needed;
    switch (extension) {
      case "-avx512":
        needed = new ArrayList<>(Arrays.asList(AVX2_FLAGS));
        needed.addAll(Arrays.asList(AVX512_FLAGS));
        break;
      case "-avx2":
        needed = new ArrayList<>(Arrays.asList(AVX2_FLAGS));
        break;
      default:
        return List.of();
    }
    needed.removeAll(flags);
    return needed;
  }
}
