package weka.classifiers.functions.bnmlp.backend;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.platform.unix.LibC;

/**
 * The native process environment, which native libraries read with getenv. Java's own view of the
 * environment is a copy taken at start-up and cannot be changed, so this goes through the C library.
 */
public final class ProcessEnvironment {

  private ProcessEnvironment() {
  }

  /**
   * Sets a variable for native code loaded from now on, unless it is already set.
   *
   * @return null when set (or already set), else why it could not be
   */
  public static String setIfAbsent(String name, String value) {
    if (Platform.isWindows()) {
      return "not supported on Windows";
    }
    try {
      return LibC.INSTANCE.setenv(name, value, 0) == 0 ? null : "setenv failed";
    } catch (Throwable t) { // JNA's own native part missing for this platform
      return t.toString();
    }
  }

  /**
   * Calls a native function {@code const char *name(void)} of an already loaded library.
   *
   * @return its result, or null when the library or function cannot be found
   */
  public static String callStringFunction(String libraryPath, String function) {
    try {
      return NativeLibrary.getInstance(libraryPath).getFunction(function).invokeString(new Object[0], false);
    } catch (Throwable t) { // no such symbol, or JNA unavailable: the caller reports "unknown"
      return null;
    }
  }
}
