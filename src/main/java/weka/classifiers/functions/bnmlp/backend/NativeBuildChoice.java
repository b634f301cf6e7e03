package weka.classifiers.functions.bnmlp.backend;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which of ND4J's native CPU builds to load, decided before JavaCPP starts: the best build the
 * package holds that this processor can run. A build the user named through JavaCPP's own property
 * is kept, unless the processor cannot run it: loading it would kill the JVM with an illegal
 * instruction, so that is refused with a message instead.
 */
public final class NativeBuildChoice {

  /** JavaCPP's system property naming the build ("-avx512", "-avx2"; empty for the generic one). */
  public static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";

  /** The platform extension to load: "-avx512", "-avx2" or "" for the generic build. */
  public final String extension;
  /** Whether the user named it. */
  public final boolean usersChoice;

  private NativeBuildChoice(String extension, boolean usersChoice) {
    this.extension = extension;
    this.usersChoice = usersChoice;
  }

  /**
   * @param usersSetting the value of {@value #PROPERTY}, or null
   * @param flags the processor's feature flags
   * @param packaged whether the package holds the build with the given extension
   * @throws BackendUnavailableException when the user named a build this processor cannot run
   */
  public static NativeBuildChoice decide(String usersSetting, Set<String> flags, Predicate<String> packaged)
      throws BackendUnavailableException {
    if (usersSetting != null) {
      String extension = usersSetting.trim();
      List<String> missing = CpuFeatures.missingFor(extension, flags);
      if (!missing.isEmpty()) {
        throw new BackendUnavailableException("-D" + PROPERTY + "=" + extension + " asks for ND4J's " + extension
            + " build, but this processor lacks " + String.join(", ", missing) + " and would stop Java with an "
            + "illegal instruction. Remove the setting: the package then picks the best build this processor runs.");
      }
      return new NativeBuildChoice(extension, true);
    }
    return new NativeBuildChoice(CpuFeatures.bestExtension(flags, packaged), false);
  }

  /** e.g. "linux-x86_64-avx2" for the platform "linux-x86_64". */
  public String folder(String platform) {
    return platform + extension;
  }
}
