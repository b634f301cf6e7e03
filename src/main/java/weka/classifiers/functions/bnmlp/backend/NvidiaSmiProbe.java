package weka.classifiers.functions.bnmlp.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Asks {@code nvidia-smi} (installed with every NVIDIA driver) for each GPU's name, compute capability and driver. */
public final class NvidiaSmiProbe implements GpuProbe {

  static final String[] COMMAND = {"nvidia-smi", "--query-gpu=name,compute_cap,driver_version",
      "--format=csv,noheader"};

  @Override
  public Result probe() {
    Process process;
    try {
      process = new ProcessBuilder(COMMAND).redirectErrorStream(true).start();
    } catch (IOException e) {
      return Result.failed("no NVIDIA driver found (nvidia-smi is not installed or not on the PATH)");
    }
    try (InputStream in = process.getInputStream()) {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Result.failed("nvidia-smi did not answer within 15 seconds");
      }
      String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return parse(output, process.exitValue());
    } catch (IOException e) {
      return Result.failed("nvidia-smi failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.failed("interrupted while asking nvidia-smi");
    }
  }

  /** Parses nvidia-smi's CSV answer (one line per GPU: name, compute capability, driver version). */
  static Result parse(String output, int exitCode) {
    String text = output.trim();
    if (text.contains("compute_cap") && text.toLowerCase().contains("not a valid field")) {
      return Result.failed("the NVIDIA driver is too old to report compute capabilities (drivers before 510); "
          + "ND4J's CUDA 11.6 build needs driver 450.80.02 or newer");
    }
    if (exitCode != 0) {
      return Result.failed("nvidia-smi failed (exit " + exitCode + "): " + firstLine(text));
    }
    List<GpuInfo> gpus = new ArrayList<>();
    for (String line : text.split("\\R")) {
      if (line.trim().isEmpty()) {
        continue;
      }
      String[] fields = line.split(",");
      if (fields.length < 3) {
        return Result.failed("cannot read nvidia-smi's answer: " + line.trim());
      }
      String name = fields[0].trim();
      String capability = fields[1].trim();
      String driver = fields[2].trim();
      int major = -1;
      int minor = -1;
      int dot = capability.indexOf('.');
      try {
        if (dot > 0) {
          major = Integer.parseInt(capability.substring(0, dot));
          minor = Integer.parseInt(capability.substring(dot + 1));
        }
      } catch (NumberFormatException e) {
        major = -1; // "[N/A]" and the like: capability unknown
        minor = -1;
      }
      gpus.add(new GpuInfo(name, major, minor, driver));
    }
    return Result.found(gpus);
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
