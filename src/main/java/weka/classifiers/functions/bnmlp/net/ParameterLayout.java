package weka.classifiers.functions.bnmlp.net;

/**
 * Where each parameter block lives in the one flat parameter vector (and, identically, in the
 * gradient vector). All weight matrices come first, so that the L2 penalty is one call over one
 * contiguous range; then, per layer, bias, BN gamma and BN beta. Layer index {@code L} (the
 * number of hidden layers) is the output layer.
 */
public final class ParameterLayout {

  private final NetworkSpec spec;
  private final long[] weightOffset;
  private final long[] biasOffset;
  private final long[] gammaOffset;
  private final long[] betaOffset;
  private final long weightCount;
  private final long total;
  private final long[] statsOffset;
  private final long statsTotal;

  public ParameterLayout(NetworkSpec spec) {
    this.spec = spec;
    int layers = spec.layerCount();
    weightOffset = new long[layers + 1];
    biasOffset = new long[layers + 1];
    gammaOffset = new long[layers];
    betaOffset = new long[layers];
    statsOffset = new long[layers];
    long at = 0;
    for (int l = 0; l <= layers; l++) {
      weightOffset[l] = at;
      at += (long) in(l) * out(l);
    }
    weightCount = at;
    long stats = 0;
    for (int l = 0; l <= layers; l++) {
      biasOffset[l] = at;
      at += out(l);
      if (l < layers && spec.usesBatchNorm()) {
        gammaOffset[l] = at;
        at += out(l);
        betaOffset[l] = at;
        at += out(l);
        statsOffset[l] = stats;
        stats += 2L * out(l);
      }
    }
    total = at;
    statsTotal = stats;
  }

  /** Inputs of layer {@code l}; {@code l == layerCount()} is the output layer. */
  public int in(int l) {
    return spec.fanIn(l);
  }

  public int out(int l) {
    return l == spec.layerCount() ? spec.outputs : spec.hidden[l];
  }

  public long weights(int l) {
    return weightOffset[l];
  }

  public long bias(int l) {
    return biasOffset[l];
  }

  /** Values from {@link #bias(int)} that belong to layer {@code l}: its bias, then BN's gamma and beta if any. */
  public int biasBlock(int l) {
    return l < spec.layerCount() && spec.usesBatchNorm() ? 3 * out(l) : out(l);
  }

  /** Layers with parameters: the hidden ones and the output layer. */
  public int layers() {
    return spec.layerCount() + 1;
  }

  public long gamma(int l) {
    return gammaOffset[l];
  }

  public long beta(int l) {
    return betaOffset[l];
  }

  /** Offset of layer {@code l}'s running mean in the statistics vector; its variance follows it. */
  public long runningStats(int l) {
    return statsOffset[l];
  }

  public long weightCount() {
    return weightCount;
  }

  public long size() {
    return total;
  }

  public long statsSize() {
    return statsTotal;
  }
}
