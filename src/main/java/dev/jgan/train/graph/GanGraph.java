package dev.jgan.train.graph;

import dev.jgan.config.Augment;
import dev.jgan.config.Update;
import dev.jgan.data.ImageSet;
import dev.jgan.model.GanModel;
import dev.jgan.nn.VariableStore;
import dev.jgan.optim.AdamSettings;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The handles of a GAN's training graph, as {@link StepBuilder} built it on one device or as
 * towers: the step's inputs (each can be fed), G's images, the losses and D's probabilities, the
 * two networks' steps and the variables.
 *
 * <pre>
 * D loss = SCE(D(x), realTarget) + SCE(D(G(z)), 0)      G loss = SCE(D(G(z)), 1)
 * </pre>
 *
 * <p>{@link #update} says how {@link #dStep} and {@link #gStep} may run ({@link Update}):
 * alternating, two {@code Session.run}s, D's then G's on a fresh noise batch; simultaneous and
 * one-pass, both in one {@code Session.run}. Which one a run uses is a setting: alternating for mlp
 * and for dcgan-bn on image folders, one-pass for dcgan and for dcgan-bn on MNIST and Fashion-MNIST
 * (config.ModelDefaults; the reasons are at config.Defaults' UPDATE, DCGAN_UPDATE and
 * DIGITS_DCGAN_BN_UPDATE).
 *
 * <p>A conditional model also has {@link #realLabels} (the real batch's classes, into D) and {@link
 * #fakeLabels} (the classes asked of G, into G and into D on G's images), both int32 [N]; for an
 * unconditional model both are null. With an EMA decay ({@link GeneratorEma}) G's step also moves
 * the averaged generator, and {@link #samples} is the averaged generator.
 */
public final class GanGraph {
  // The step's inputs (StepInputs): each can be fed; unfed, noise and G's classes are drawn from
  // the step seed, and the real batch is gathered at batchIndices from the resident set.
  public final Operand<TFloat32> realImages; // [N, H, W, C] in [-1, 1]
  public final Operand<TFloat32> z; // [N, latent]
  public final Operand<TInt32> realLabels; // [N] in [0, K), or null (unconditional)
  public final Operand<TInt32> fakeLabels; // [N] in [0, K), or null (unconditional)
  public final Operand<TInt32> batchIndices; // [N], or null when real batches are fed
  public final Operand<TInt64> stepSeed; // [2]: dropout, noise and classes of an update
  public final Operand<TFloat32> fakeImages; // G(z), training mode, [N, H, W, C]
  public final Operand<TFloat32> samples; // G(z), inference mode, EMA weights when on
  public final Operand<TFloat32> dLoss;
  public final Operand<TFloat32> gLoss;
  public final Operand<TFloat32> dRealProbability; // mean sigmoid(D(x))
  public final Operand<TFloat32> dFakeProbability; // mean sigmoid(D(G(z)))
  // [4]: dLoss, gLoss, dRealProbability, dFakeProbability, fetched as one tensor: a step's Java
  // work is per fetched tensor (allocation, copy, free), and the MLP's steps are short.
  public final Operand<TFloat32> stepMetrics;
  // The same four figures from the current weights, running no update: a one-pass step's G loss
  // waits for D's update, so stepMetrics would run it.
  public final Operand<TFloat32> currentMetrics;
  public final Op dStep;
  public final Op gStep;
  public final List<Variable<TFloat32>> generatorVariables;
  public final List<Variable<TFloat32>> discriminatorVariables;
  public final VariableStore variables;
  public final Update update;
  private final StepInputs inputs;

  /**
   * Hyperparameters of the graph (the loop's settings live elsewhere), and whether its session runs
   * convolutions in bfloat16 ({@link dev.jgan.runtime.SessionOptions#withMixedBfloat16}).
   *
   * @param realTarget D's target on real images (one-sided label smoothing: 0.9 where 1 would be
   *     the plain loss); the config's {@code real_label}
   * @param augment the policies applied to every image D sees in the step, in their order ({@link
   *     Augmentation}); empty = none
   */
  public record Settings(
      float realTarget,
      AdamSettings dAdam,
      AdamSettings gAdam,
      long seed,
      Update update,
      boolean mixedBfloat16,
      float emaDecay,
      boolean normalNoise,
      List<Augment> augment) {
    public Settings {
      augment = List.copyOf(augment);
    }

    /** The same settings with another EMA decay (0 = no EMA generator). */
    public Settings withEmaDecay(float decay) {
      return new Settings(
          realTarget, dAdam, gAdam, seed, update, mixedBfloat16, decay, normalNoise, augment);
    }

    /** The same settings with other augmentation policies (empty = none). */
    public Settings withAugment(List<Augment> policies) {
      return new Settings(
          realTarget, dAdam, gAdam, seed, update, mixedBfloat16, emaDecay, normalNoise, policies);
    }
  }

  /** The losses and D's probabilities of the whole batch, and the step's figures made of them. */
  record Figures(
      Operand<TFloat32> dLoss,
      Operand<TFloat32> gLoss,
      Operand<TFloat32> dReal,
      Operand<TFloat32> dFake,
      Operand<TFloat32> step,
      Operand<TFloat32> current) {}

  /** The networks' steps and the generator the sample grids and the export use. */
  record Steps(Op dStep, Op gStep, Operand<TFloat32> samples) {}

  GanGraph(
      StepInputs inputs,
      Operand<TFloat32> fakeImages,
      Figures figures,
      Steps steps,
      VariableStore variables,
      Update update) {
    this.inputs = inputs;
    realImages = inputs.realImages;
    z = inputs.z;
    realLabels = inputs.realLabels;
    fakeLabels = inputs.fakeLabels;
    batchIndices = inputs.batchIndices;
    stepSeed = inputs.stepSeed;
    this.fakeImages = fakeImages;
    dLoss = figures.dLoss();
    gLoss = figures.gLoss();
    dRealProbability = figures.dReal();
    dFakeProbability = figures.dFake();
    stepMetrics = figures.step();
    currentMetrics = figures.current();
    dStep = steps.dStep();
    gStep = steps.gStep();
    samples = steps.samples();
    this.variables = variables;
    generatorVariables = variables.trainable(GanModel.GENERATOR);
    discriminatorVariables = variables.trainable(GanModel.DISCRIMINATOR);
    this.update = update;
  }

  /**
   * The same handles in {@code target}, into which this graph was imported (a tower graph is built
   * in a scratch graph and imported placed: StepBuilder#towers). Each handle is found by its own
   * op's name, which the import keeps.
   */
  GanGraph importedInto(Graph target) {
    Imported in = new Imported(target);
    Figures figures =
        new Figures(
            in.output(dLoss),
            in.output(gLoss),
            in.output(dRealProbability),
            in.output(dFakeProbability),
            in.output(stepMetrics),
            in.output(currentMetrics));
    return new GanGraph(
        inputs.importedInto(in),
        in.output(fakeImages),
        figures,
        new Steps(in.op(dStep), in.op(gStep), in.output(samples)),
        variables.importedInto(Ops.create(target)),
        update);
  }

  /**
   * Stores the training set in the graph's resident variable (not checkpointed: see StepInputs);
   * for a graph built with one, once, before the first step.
   */
  public void loadResident(Session session, ImageSet resident) {
    try (Tensor value = StepInputs.residentTensor(resident, inputs.residentValue.type())) {
      session
          .runner()
          .feed(inputs.residentValue, value)
          .addTarget(inputs.loadResident)
          .run()
          .close();
    }
  }

  /** Handles of a graph mapped to the same-named ones of the graph it was imported into. */
  record Imported(Graph target) {
    <T extends org.tensorflow.types.family.TType> Operand<T> output(Operand<T> handle) {
      return handle == null
          ? null
          : target.operationOrThrow(handle.op().name()).output(handle.asOutput().index());
    }

    Op op(Op handle) {
      if (handle == null) {
        return null;
      }
      org.tensorflow.Operation operation = target.operationOrThrow(handle.op().name());
      return () -> operation;
    }
  }
}
