package weka.classifiers.functions.bnmlp.options;

import java.util.Locale;

/** A value of a fixed-choice option: how it is spelled on the command line and shown in the GUI. */
public interface Choice {

  /** The spelling on the command line: the constant's name in lower case without underscores ({@code leakyrelu}). */
  default String optionValue() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace("_", "");
  }

  /** The text shown in the GUI drop-down. */
  String label();
}
