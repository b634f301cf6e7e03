package weka.classifiers.functions.bnmlp.engine;

/** Lets tests outside this package install hand-made parameters into an engine. */
public final class TestSnapshots {

  private TestSnapshots() {
  }

  public static Snapshot of(double[] parameters, double[] statistics) {
    return new Snapshot(parameters, statistics);
  }
}
