package weka.classifiers.functions.bnmlp.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.api.ops.impl.updaters.NesterovsUpdater;
import org.nd4j.linalg.api.ops.impl.updaters.SgdUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Kernels as ND4J operations: run on every ND4J backend (CPU and CUDA), in float or double. */
final class Nd4jKernels implements Kernels {

  @Override
  public void linear(INDArray x, INDArray w, INDArray b, INDArray z) {
    Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
    if (b != null) {
      z.addiRowVector(b);
    }
  }

  @Override
  public void linearBackward(INDArray x, INDArray w, INDArray dz, INDArray dw, INDArray db, INDArray dx) {
    Nd4j.gemm(x, dz, dw, true, false, 1.0, 0.0);
    if (db != null) {
      dz.sum(db, 0);
    }
    if (dx != null) {
      Nd4j.gemm(dz, w, dx, false, true, 1.0, 0.0);
    }
  }

  @Override
  public void activation(INDArray pre, INDArray post, double alpha) {
    if (alpha != 0) {
      Nd4j.getExecutioner().exec(new LeakyReLU(pre, post, alpha));
    } else {
      Nd4j.getExecutioner().exec(new RectifiedLinear(pre, post, 0.0));
    }
  }

  @Override
  public void activationBackward(INDArray pre, INDArray dPost, INDArray dPre, double alpha) {
    // relu_bp is leakyrelu_bp with slope 0 below zero
    Nd4j.exec(new LeakyReLUBp(pre, dPost, dPre, alpha));
  }

  @Override
  public double softmaxCrossEntropy(INDArray logits, INDArray target, INDArray weight, INDArray delta,
      INDArray scratch) {
    int rows = logits.rows();
    Nd4j.exec(new LogSoftMax(logits, delta));
    scratch.assign(delta).muli(target).muliColumnVector(weight);
    double sum = -scratch.sumNumber().doubleValue();
    Transforms.exp(delta, false).subi(target).muliColumnVector(weight).divi(rows);
    return sum / rows;
  }

  @Override
  public double squaredError(INDArray out, INDArray target, INDArray weight, INDArray delta, INDArray scratch) {
    int rows = out.rows();
    delta.assign(out).subi(target);
    scratch.assign(delta).muli(delta).muliColumnVector(weight);
    double sum = 0.5 * scratch.sumNumber().doubleValue();
    delta.muliColumnVector(weight).divi(rows);
    return sum / rows;
  }

  @Override
  public void softmax(INDArray logits, INDArray probabilities) {
    Nd4j.exec(new SoftMax(logits, probabilities, 1));
  }

  @Override
  public void gatherRows(INDArray source, int[] rows, INDArray destination) {
    Nd4j.pullRows(source, destination, 1, rows);
  }

  @Override
  public void addScaled(INDArray target, INDArray source, double factor) {
    Nd4j.getBlasWrapper().level1().axpy(target.length(), factor, source, target);
  }

  @Override
  public void adam(INDArray params, INDArray grads, INDArray m, INDArray v, double learningRate, double beta1,
      double beta2, double epsilon, int step) {
    Nd4j.exec(new AdamUpdater(grads, v, m, learningRate, beta1, beta2, epsilon, step));
    params.subi(grads);
  }

  @Override
  public void sgd(INDArray params, INDArray grads, INDArray velocity, double learningRate, double momentum) {
    if (velocity != null) {
      Nd4j.exec(new NesterovsUpdater(grads, velocity, learningRate, momentum));
    } else {
      Nd4j.exec(new SgdUpdater(grads, learningRate));
    }
    params.subi(grads);
  }
}
