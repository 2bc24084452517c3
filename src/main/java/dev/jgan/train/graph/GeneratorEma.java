package dev.jgan.train.graph;

import dev.jgan.export.GeneratorExporter;
import dev.jgan.model.GanModel;
import dev.jgan.nn.NamedVariables;
import dev.jgan.nn.VarScope;
import dev.jgan.nn.VariableStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * An exponential moving average (EMA) of the generator's weights: the generator that sample grids
 * show and that the run exports (Karras et al. 2018, Yazıcı et al. 2019; BigGAN, StyleGAN and
 * StudioGAN all evaluate it). GAN training never converges to a point: G's weights circle around a
 * good generator as D keeps moving the target, and their average sits nearer the middle. It costs
 * one multiply-add per weight per G step and nothing in D.
 *
 * <p>Every variable {@code generator/X} has a shadow {@code generator_ema/X} that starts equal to
 * it and, after each G update, moves towards it: {@code ema -= (1 - d) * (ema - w)}. The decay
 * warms up as in TF1's {@code ExponentialMovingAverage(num_updates=...)}: {@code d = min(decay, (1
 * + n) / (10 + n))} after n updates, so a short run (a few hundred G steps) averages over its
 * recent steps instead of staying near the random initial weights.
 *
 * <p>Batch-norm moving statistics (dcgan-bn) follow their own averages: the raw generator's
 * statistics describe the raw weights' activations, and the averaged weights with them made worse
 * images than the raw generator (FID 87.3 against 80.8, dcgan-bn g=16 on MNIST, 1,200 steps). So a
 * generator with batch norm is also applied, in training mode, to the step's z on the averaged
 * weights, and its moving statistics are updated from that pass's batch statistics, as the raw
 * generator's are from its own. That costs one more G forward pass per step for batch-norm
 * generators only. The shadows and {@code n} are ordinary variables, so checkpoints hold them and a
 * resumed run continues the same average bit for bit.
 */
public final class GeneratorEma {
  /** The variable scope of the averaged generator (checkpoint names generator_ema/...). */
  public static final String SCOPE = GanModel.GENERATOR + GeneratorExporter.EMA_SUFFIX;

  /** The op that updates every shadow; it runs after {@code afterStep}. */
  public final Op update;

  private GeneratorEma(Op update) {
    this.update = update;
  }

  /** Applies G in training mode to {@code z} under {@code scope} (for its batch statistics). */
  @FunctionalInterface
  public interface TrainingPass {
    void apply(VarScope scope, Operand<TFloat32> z);
  }

  /**
   * Creates the shadows of every variable under {@code generator/} in {@code store} (build G first)
   * and the update op that runs after {@code afterStep} (G's optimizer step and its moving
   * statistics).
   *
   * @param decay in (0, 1): the weight of the old average per step once warmed up
   * @param z the step's noise, for the averaged generator's own batch statistics
   * @param trainingPass applies G in training mode; used when G has moving statistics
   */
  public static GeneratorEma build(
      Ops tf,
      VariableStore store,
      float decay,
      Op afterStep,
      Operand<TFloat32> z,
      TrainingPass trainingPass) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("EMA decay " + decay + " outside (0, 1)");
    }
    List<VariableStore.Copy> copies = store.copyScope(GanModel.GENERATOR, SCOPE);
    Ops after = tf.withSubScope("generator_ema").withControlDependencies(List.of(afterStep));
    Variable<TFloat32> updates =
        NamedVariables.create(tf, SCOPE + "/num_updates", tf.withInitScope().constant(0f));
    // n after this update (1 at the first), then d = min(decay, (1 + n) / (10 + n)).
    Operand<TFloat32> n = after.assignAdd(updates, after.constant(1f));
    Operand<TFloat32> warmedUp =
        after.math.div(
            after.math.add(after.constant(1f), n), after.math.add(after.constant(10f), n));
    Operand<TFloat32> oneMinusDecay =
        after.math.sub(after.constant(1f), after.math.minimum(after.constant(decay), warmedUp));
    List<Op> assigns = new ArrayList<>();
    boolean movingStatistics = false;
    for (VariableStore.Copy c : copies) {
      if (c.trainable()) {
        // ema -= (1 - d) * (ema - w), w read after G's step (the control dependency above)
        assigns.add(
            after.assignSub(
                c.copy(), after.math.mul(oneMinusDecay, after.math.sub(c.copy(), c.source()))));
      } else {
        movingStatistics = true;
      }
    }
    List<Op> all = new ArrayList<>(assigns);
    if (movingStatistics) {
      // The averaged generator on this step's z, released only after its weights moved: its
      // batch norm layers register their moving-statistics updates under generator_ema/.
      Operand<TFloat32> zAfter =
          tf.withControlDependencies(assigns).withName("ema_training_z").identity(z);
      trainingPass.apply(store.root().child(SCOPE).reusing(), zAfter);
      all.addAll(store.updates(SCOPE));
    }
    return new GeneratorEma(tf.withControlDependencies(all).withName("ema_update").noOp());
  }
}
