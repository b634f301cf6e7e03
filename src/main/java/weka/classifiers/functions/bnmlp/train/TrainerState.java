package weka.classifiers.functions.bnmlp.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * What training needs besides the parameters to go on exactly where it stopped: the optimizer's
 * moment vectors and step count, and the shuffling generator with the current row order. Saved with
 * a model, so that Weka's {@code -continue-iterating} continues it (5 + 5 epochs give the 10-epoch model).
 * The moments are kept in float32, as the classifier's networks compute them (4 bytes a parameter each).
 */
public final class TrainerState implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Adam's first moments or SGD's velocity; null for plain SGD. */
  final float[] first;
  /** Adam's second moments; null for SGD. */
  final float[] second;
  final int steps;
  final Random shuffle;
  final int[] order;
  /** Loss of the first minibatch, before any update: the run's starting loss. */
  final double startingLoss;

  TrainerState(float[] first, float[] second, int steps, Random shuffle, int[] order, double startingLoss) {
    this.first = first;
    this.second = second;
    this.steps = steps;
    this.shuffle = copy(shuffle);
    this.order = order.clone();
    this.startingLoss = startingLoss;
  }

  /** Rows of the training data this state was made on. */
  public int rows() {
    return order.length;
  }

  public double startingLoss() {
    return startingLoss;
  }

  /** The moments as kept here (float32); null stays null. */
  static float[] floats(double[] values) {
    if (values == null) {
      return null;
    }
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (float) values[i];
    }
    return result;
  }

  /** The kept moments as the optimizer takes them; null stays null. */
  static double[] doubles(float[] values) {
    if (values == null) {
      return null;
    }
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }

  /** An independent generator in the same state (java.util.Random offers no copy but serialization). */
  static Random copy(Random random) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(random);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return (Random) in.readObject();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
