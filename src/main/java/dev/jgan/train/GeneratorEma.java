package dev.jgan.train;

import dev.jgan.export.GeneratorExporter;
import dev.jgan.model.GanModel;
import dev.jgan.nn.NamedVariables;
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
 * recent steps instead of staying near the random initial weights. Batch-norm moving statistics are
 * not averaged again (they are averages already): their shadows take the raw generator's values
 * after each step. The shadows and {@code n} are ordinary variables, so checkpoints hold them and a
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

  /**
   * Creates the shadows of every variable under {@code generator/} in {@code store} (build G first)
   * and the update op that runs after {@code afterStep} (G's optimizer step and its moving
   * statistics).
   *
   * @param decay in (0, 1): the weight of the old average per step once warmed up
   */
  public static GeneratorEma build(Ops tf, VariableStore store, float decay, Op afterStep) {
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
    for (VariableStore.Copy c : copies) {
      if (c.trainable()) {
        // ema -= (1 - d) * (ema - w), w read after G's step (the control dependency above)
        assigns.add(
            after.assignSub(
                c.copy(), after.math.mul(oneMinusDecay, after.math.sub(c.copy(), c.source()))));
      } else {
        assigns.add(after.assign(c.copy(), c.source()));
      }
    }
    return new GeneratorEma(tf.withControlDependencies(assigns).withName("ema_update").noOp());
  }
}
