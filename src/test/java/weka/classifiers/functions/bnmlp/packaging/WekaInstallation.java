package weka.classifiers.functions.bnmlp.packaging;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * A Weka installation as a user has it: one self-contained weka.jar (assembled from Weka's Maven
 * artifacts, like the jar of Weka's distribution) and a WEKA_HOME of its own; every command runs in
 * a new JVM with only weka.jar on the class path, offline.
 */
final class WekaInstallation {

  private final Path wekaJar;
  private final Path wekaHome;

  WekaInstallation(Path wekaJar, Path wekaHome) {
    this.wekaJar = wekaJar;
    this.wekaHome = wekaHome;
  }

  /** Merges Weka's jar and its dependencies (from target/weka) into one weka.jar, once per build. */
  static Path selfContainedWekaJar(Path buildDirectory) throws IOException {
    Path jar = buildDirectory.resolve("it/weka.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    Files.createDirectories(jar.getParent());
    File[] parts = buildDirectory.resolve("weka").toFile().listFiles((d, n) -> n.endsWith(".jar"));
    if (parts == null || parts.length == 0) {
      throw new IllegalStateException("no Weka jars in " + buildDirectory.resolve("weka") + "; run mvn package");
    }
    Arrays.sort(parts); // a fixed order, so that the first copy of a duplicated entry is always the same
    Path partial = jar.resolveSibling("weka.jar.partial");
    Set<String> seen = new HashSet<>();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial))) {
      for (File part : parts) {
        try (JarFile in = new JarFile(part)) {
          Enumeration<JarEntry> entries = in.entries();
          while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (entry.isDirectory() || name.startsWith("META-INF/") || !seen.add(name)) {
              continue;
            }
            out.putNextEntry(new JarEntry(name));
            try (InputStream data = in.getInputStream(entry)) {
              data.transferTo(out);
            }
            out.closeEntry();
          }
        }
      }
    }
    Files.move(partial, jar);
    return jar;
  }

  Path home() {
    return wekaHome;
  }

  Path packageDirectory() {
    return wekaHome.resolve("packages/batchNormMLP");
  }

  /** Runs a main class (or a single-file Java program) in a new JVM; returns its exit code and output. */
  Result java(String... arguments) throws IOException, InterruptedException {
    return java(java.util.Collections.emptyMap(), arguments);
  }

  /** The same, with extra environment variables (e.g. DISPLAY). */
  Result java(java.util.Map<String, String> environment, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx2g");
    if (!environment.containsKey("DISPLAY")) {
      command.add("-Djava.awt.headless=true");
    }
    command.add("-Dweka.packageManager.offline=true");
    command.add("-Djava.util.logging.config.file=/dev/null");
    command.add("-cp");
    command.add(wekaJar.toString());
    command.addAll(Arrays.asList(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("WEKA_HOME", wekaHome.toString());
    builder.environment().putAll(environment);
    Process process = builder.start();
    byte[] output;
    try (InputStream in = process.getInputStream()) {
      output = in.readAllBytes();
    }
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8), command);
  }

  static void copy(InputStream in, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target)) {
      in.transferTo(out);
    }
  }

  static final class Result {
    final int exitCode;
    final String output;
    final List<String> command;

    Result(int exitCode, String output, List<String> command) {
      this.exitCode = exitCode;
      this.output = output;
      this.command = command;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + " of " + String.join(" ", command) + "\n" + output;
    }
  }
}
