package weka.classifiers.functions.bnmlp.options;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the {@code -hidden} specification: comma-separated layer sizes, where {@code SIZExCOUNT}
 * repeats a size, e.g. {@code "256,256,256"}, {@code "64x50"} or {@code "128,64x3"}.
 */
public final class HiddenLayers {

  /** Guards against typos such as {@code 64x5000} exhausting memory. */
  public static final int MAX_LAYERS = 1000;

  private HiddenLayers() {
  }

  public static int[] parse(String spec) {
    if (spec == null || spec.trim().isEmpty()) {
      throw bad(spec, "it is empty; give at least one layer size, e.g. 64,64");
    }
    List<Integer> sizes = new ArrayList<>();
    for (String part : spec.split(",", -1)) {
      String item = part.trim().toLowerCase();
      if (item.isEmpty()) {
        throw bad(spec, "it has an empty entry");
      }
      int x = item.indexOf('x');
      int size = positive(spec, part, x < 0 ? item : item.substring(0, x), "layer size");
      int count = x < 0 ? 1 : positive(spec, part, item.substring(x + 1), "repeat count");
      if (sizes.size() + (long) count > MAX_LAYERS) {
        throw bad(spec, "more than " + MAX_LAYERS + " layers");
      }
      for (int i = 0; i < count; i++) {
        sizes.add(size);
      }
    }
    int[] result = new int[sizes.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = sizes.get(i);
    }
    return result;
  }

  private static int positive(String spec, String entry, String text, String what) {
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw bad(spec, "'" + entry.trim() + "' is not a whole number or SIZExCOUNT");
    }
    if (value <= 0) {
      throw bad(spec, what + " " + value + " is not positive");
    }
    return value;
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException("-hidden \"" + spec + "\" is invalid: " + why
        + " (expected comma-separated positive sizes, SIZExCOUNT repeats, e.g. 256,256,256 or 64x50)");
  }
}
