package weka.classifiers.functions.bnmlp.backend;

/** One NVIDIA GPU as the driver reports it. */
public final class GpuInfo {

  public final String name;
  /** Compute capability, e.g. 8.6 as major 8, minor 6; -1 when the driver did not report it. */
  public final int major;
  public final int minor;
  public final String driverVersion;

  public GpuInfo(String name, int major, int minor, String driverVersion) {
    this.name = name;
    this.major = major;
    this.minor = minor;
    this.driverVersion = driverVersion;
  }

  public boolean capabilityKnown() {
    return major >= 0;
  }

  public String capability() {
    return capabilityKnown() ? major + "." + minor : "unknown";
  }

  @Override
  public String toString() {
    return name + " (compute capability " + capability() + ", driver " + driverVersion + ")";
  }
}
