package weka.classifiers.functions.bnmlp.options;

/** A value of a fixed-choice option: how it is spelled on the command line and shown in the GUI. */
public interface Choice {

  /** The spelling on the command line, e.g. {@code before}. */
  String optionValue();

  /** The text shown in the GUI drop-down. */
  String label();
}
