package weka.classifiers.functions.bnmlp.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The batch-normalization steps as ND4J operations (every backend, float or double): batch
 * normalization on its own, composed with the activation of the given basic kernels. Keeps
 * {@code xhat} and {@code bnOut} from the forward pass for the backward pass.
 */
final class Nd4jBatchNorm implements BatchNormSteps {

  private final Kernels kernels;

  Nd4jBatchNorm(Kernels kernels) {
    this.kernels = kernels;
  }

  @Override
  public void trainBefore(BatchNormLayer l, LayerBuffers s) {
    batchNormTrain(s.z, l.gamma, l.beta, l.state, s.xhat(), s.bnOut, s.scratch());
    kernels.activation(s.bnOut, s.act, l.alpha);
  }

  @Override
  public void backwardBefore(BatchNormLayer l, LayerBuffers s, INDArray dAct) {
    kernels.activationBackward(s.bnOut, dAct, s.delta2(), l.alpha);
    batchNormBackward(s.delta2(), s.xhat(), l.gamma, l.state, s.delta1(), l.dGamma, l.dBeta, s.scratch());
  }

  @Override
  public void trainAfter(BatchNormLayer l, LayerBuffers s) {
    kernels.activation(s.z, s.act, l.alpha);
    batchNormTrain(s.act, l.gamma, l.beta, l.state, s.xhat(), s.bnOut, s.scratch());
  }

  @Override
  public void backwardAfter(BatchNormLayer l, LayerBuffers s, INDArray dY, INDArray db) {
    batchNormBackward(dY, s.xhat(), l.gamma, l.state, s.delta2(), l.dGamma, l.dBeta, s.scratch());
    kernels.activationBackward(s.z, s.delta2(), s.delta1(), l.alpha);
    if (db != null) {
      s.delta1().sum(db, 0);
    }
  }

  @Override
  public void inferBefore(BatchNormLayer l, LayerBuffers s, INDArray bias) {
    if (bias != null) {
      s.z.addiRowVector(bias);
    }
    batchNormInfer(s.z, l.gamma, l.beta, l.state, s.bnOut);
    kernels.activation(s.bnOut, s.act, l.alpha);
  }

  @Override
  public void inferAfter(BatchNormLayer l, LayerBuffers s) {
    kernels.activation(s.z, s.act, l.alpha);
    batchNormInfer(s.act, l.gamma, l.beta, l.state, s.bnOut);
  }

  /**
   * Batch normalization with batch statistics: fills {@code xhat}, {@code y = gamma xhat + beta},
   * {@code invStd}, and moves the running statistics towards the batch's (variance unbiased).
   */
  private static void batchNormTrain(INDArray u, INDArray gamma, INDArray beta, BatchNormState s, INDArray xhat,
      INDArray y, INDArray scratch) {
    int rows = u.rows();
    u.mean(s.mean, 0);
    xhat.assign(u).subiRowVector(s.mean);
    scratch.assign(xhat).muli(xhat).mean(s.var, 0);
    updateRunning(s.runningMean, s.mean, s, 1.0);
    // the running variance is the unbiased estimate: at prediction time it stands for the population
    updateRunning(s.runningVar, s.var, s, rows > 1 ? rows / (rows - 1.0) : 1.0);
    s.invStd.assign(s.var).addi(s.epsilon);
    Transforms.sqrt(s.invStd, false).rdivi(1.0);
    xhat.muliRowVector(s.invStd);
    y.assign(xhat).muliRowVector(gamma).addiRowVector(beta);
  }

  private static void updateRunning(INDArray running, INDArray batch, BatchNormState s, double correction) {
    running.muli(1.0 - s.momentum);
    s.rowScratch.assign(batch).muli(s.momentum * correction);
    running.addi(s.rowScratch);
  }

  /** Batch normalization with the running statistics: {@code y = gamma (u - mean) / sqrt(var + eps) + beta}. */
  private static void batchNormInfer(INDArray u, INDArray gamma, INDArray beta, BatchNormState s, INDArray y) {
    // one scale and one shift per unit
    s.invStd.assign(s.runningVar).addi(s.epsilon);
    Transforms.sqrt(s.invStd, false).rdivi(1.0).muli(gamma);
    s.mean.assign(s.runningMean).muli(s.invStd).rsubi(beta);
    y.assign(u).muliRowVector(s.invStd).addiRowVector(s.mean);
  }

  /** Exact BN backward, dU = gamma * invStd / B * (B * dY - sum(dY) - xhat * sum(dY * xhat)). */
  private static void batchNormBackward(INDArray dY, INDArray xhat, INDArray gamma, BatchNormState s, INDArray dU,
      INDArray dGamma, INDArray dBeta, INDArray scratch) {
    int rows = dY.rows();
    dY.sum(dBeta, 0);
    scratch.assign(dY).muli(xhat).sum(dGamma, 0);
    s.rowScratch.assign(gamma).muli(s.invStd).divi(rows);
    scratch.assign(xhat).muliRowVector(dGamma).addiRowVector(dBeta);
    dU.assign(dY).muli(rows).subi(scratch).muliRowVector(s.rowScratch);
  }
}
