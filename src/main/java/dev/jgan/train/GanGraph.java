package dev.jgan.train;

import dev.jgan.config.Update;
import dev.jgan.data.ImageSet;
import dev.jgan.model.GanModel;
import dev.jgan.nn.VarScope;
import dev.jgan.nn.VariableStore;
import dev.jgan.optim.Adam;
import dev.jgan.optim.AdamSettings;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.AssignVariableOp;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The training graph of a GAN: G, D applied to the real batch and to G(z) with one set of weights,
 * the two losses, and two Adam steps each bound to its own network's variables. A generator in
 * inference mode shares G's weights for sample grids.
 *
 * <pre>
 * D loss = SCE(D(x), realLabel) + SCE(D(G(z)), 0)      G loss = SCE(D(G(z)), 1)
 * </pre>
 *
 * <p>Two step shapes ({@link Update}): alternating, the product's default (D's update, then G's on
 * a fresh noise batch against the updated D: two {@code Session.run}s), and simultaneous, the
 * TensorFlow DCGAN tutorial's step (one noise batch; both losses from one forward pass; both
 * updates in one {@code Session.run}). Simultaneous saves a second G forward pass and D pass on
 * generated images: about a quarter of dcgan's arithmetic.
 *
 * <p>A conditional model also gets {@code real_labels} (the real batch's classes, into D) and
 * {@code fake_labels} (the classes asked of G, into G and into D on G's images), both int32 [N];
 * the losses and optimizers are the same. For an unconditional model both are null.
 *
 * <p>With an EMA decay ({@link GeneratorEma}), G's step also moves the averaged generator, and
 * {@link #samples} is the averaged generator.
 */
public final class GanGraph {
  // The step's inputs (StepInputs): each can be fed; unfed, noise and G's classes are drawn from
  // the step seed, and the real batch is gathered at batchIndices from the resident set.
  public final Operand<TFloat32> realImages; // [N, H, W, C] in [-1, 1]
  public final Operand<TFloat32> z; // [N, latent]
  public final Operand<TInt32> realLabels; // [N] in [0, K), or null (unconditional)
  public final Operand<TInt32> fakeLabels; // [N] in [0, K), or null (unconditional)
  public final Operand<TInt32> batchIndices; // [N], or null when real batches are fed
  final Operand<TFloat16> residentValue; // the resident set, fed once to loadResident
  final Op loadResident; // null when real batches are fed
  public final Operand<TInt64> stepSeed; // [2]: dropout, noise and classes of an update
  public final Operand<TFloat32> fakeImages; // G(z), training mode
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

  /**
   * Hyperparameters of the graph (the loop's settings live elsewhere), and whether its session runs
   * convolutions in bfloat16 ({@link dev.jgan.runtime.SessionOptions#withMixedBfloat16}).
   */
  public record Settings(
      float realLabel,
      AdamSettings dAdam,
      AdamSettings gAdam,
      long seed,
      Update update,
      boolean mixedBfloat16,
      float emaDecay,
      boolean normalNoise) {
    /** The same settings with another EMA decay (0 = no EMA generator). */
    public Settings withEmaDecay(float decay) {
      return new Settings(realLabel, dAdam, gAdam, seed, update, mixedBfloat16, decay, normalNoise);
    }
  }

  /** A graph whose real batches are fed ({@link #realImages}). */
  public GanGraph(Graph graph, GanModel model, Settings settings, int batchSize) {
    this(graph, model, settings, batchSize, null);
  }

  /**
   * @param batchSize N of the noise and classes drawn in the graph
   * @param resident the training set to keep in the graph (batches gathered at {@link
   *     #batchIndices}), or null to feed real batches
   */
  public GanGraph(
      Graph graph, GanModel model, Settings settings, int batchSize, ImageSet resident) {
    Ops tf = Ops.create(graph);
    stepSeed = tf.withName("step_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    StepInputs inputs =
        new StepInputs(tf, model, stepSeed, batchSize, settings.normalNoise(), resident);
    realImages = inputs.realImages;
    z = inputs.z;
    realLabels = inputs.realLabels;
    fakeLabels = inputs.fakeLabels;
    batchIndices = inputs.batchIndices;
    residentValue = inputs.residentValue;
    loadResident = inputs.loadResident;

    variables = new VariableStore(tf, settings.seed(), stepSeed);
    VarScope generator = variables.root().child(GanModel.GENERATOR);
    VarScope discriminator = variables.root().child(GanModel.DISCRIMINATOR);

    fakeImages = model.generator(generator, z, fakeLabels, true);
    Operand<TFloat32> realLogits = model.discriminator(discriminator, realImages, realLabels, true);
    // Second application of D: same variables, created above; G's images with the asked classes.
    // Two passes, not one over concat(real, fake): that measured slower (docs/PERFORMANCE.md).
    Operand<TFloat32> fakeLogits =
        model.discriminator(discriminator.reusing(), fakeImages, fakeLabels, true);

    Ops losses = tf.withSubScope("losses");
    dLoss =
        losses
            .withName("d_loss")
            .math
            .add(
                Losses.sigmoidCrossEntropy(losses, realLogits, settings.realLabel()),
                Losses.sigmoidCrossEntropy(losses, fakeLogits, 0f));
    dRealProbability = Losses.meanProbability(losses, realLogits);
    dFakeProbability = Losses.meanProbability(losses, fakeLogits);

    generatorVariables = variables.trainable(GanModel.GENERATOR);
    discriminatorVariables = variables.trainable(GanModel.DISCRIMINATOR);
    Adam.Objective d =
        new Adam.Objective("d_adam", dLoss, discriminatorVariables, settings.dAdam());
    update = settings.update();
    Op gAdam;
    if (update == Update.ONE_PASS) {
      // Each step also runs its network's moving-statistics updates (batch norm in training mode).
      dStep =
          withUpdates(
              tf, "d_step", Adam.minimize(tf, d), variables.updates(GanModel.DISCRIMINATOR));
      // The same G(z), released to D only after D's update: every op of this third application
      // of D runs after it and so reads D's new weights (VariableV2 is read when an op runs).
      Operand<TFloat32> fakeAfterD =
          tf.withControlDependencies(List.of(dStep))
              .withName("fake_after_d_step")
              .identity(fakeImages);
      Operand<TFloat32> logitsAfterD =
          model.discriminator(discriminator.reusing(), fakeAfterD, fakeLabels, true);
      gLoss = generatorLoss(losses, logitsAfterD);
      gAdam =
          Adam.minimize(
              tf, new Adam.Objective("g_adam", gLoss, generatorVariables, settings.gAdam()));
    } else {
      gLoss = generatorLoss(losses, fakeLogits);
      Adam.Objective g = new Adam.Objective("g_adam", gLoss, generatorVariables, settings.gAdam());
      // Simultaneous: D's update must wait for G's gradient, which reads D's weights.
      List<Op> updates =
          update == Update.SIMULTANEOUS
              ? Adam.minimizeJointly(tf, List.of(d, g))
              : List.of(Adam.minimize(tf, d), Adam.minimize(tf, g));
      dStep = withUpdates(tf, "d_step", updates.get(0), variables.updates(GanModel.DISCRIMINATOR));
      gAdam = updates.get(1);
    }
    stepMetrics =
        losses
            .withName("step_metrics")
            .stack(List.of(dLoss, gLoss, dRealProbability, dFakeProbability));
    Operand<TFloat32> gLossNow =
        update == Update.ONE_PASS
            ? losses
                .withName("g_loss_now")
                .identity(Losses.sigmoidCrossEntropy(losses, fakeLogits, 1f))
            : gLoss;
    currentMetrics =
        losses
            .withName("current_metrics")
            .stack(List.of(dLoss, gLossNow, dRealProbability, dFakeProbability));
    Op gUpdate = withUpdates(tf, "g_step", gAdam, variables.updates(GanModel.GENERATOR));
    GeneratorStep g = generatorStep(tf, variables, model, settings, gUpdate, z, fakeLabels);
    gStep = g.step();
    samples = g.samples();
  }

  /**
   * The graph as data-parallel towers on {@code towers} (two or more devices), imported into the
   * empty {@code graph}: see {@link TowerGraph}. Its inputs, outputs and steps are used exactly as
   * the single-device graph's; the global batch {@code batchSize} is split evenly.
   */
  public static GanGraph towers(
      Graph graph,
      GanModel model,
      Settings settings,
      int batchSize,
      ImageSet resident,
      List<String> towers,
      String parameterDevice) {
    TowerGraph.Built built =
        TowerGraph.build(graph, model, settings, batchSize, resident, towers, parameterDevice);
    return new GanGraph(graph, built, model.conditional(), resident != null, settings.update());
  }

  /** The tower graph imported into {@code graph}, its handles looked up by name. */
  private GanGraph(
      Graph graph, TowerGraph.Built built, boolean conditional, boolean resident, Update update) {
    stepSeed = graph.operationOrThrow(TowerGraph.STEP_SEED).output(0);
    batchIndices = resident ? graph.operationOrThrow(TowerGraph.BATCH_INDICES).output(0) : null;
    realImages = graph.operationOrThrow(TowerGraph.REAL_IMAGES).output(0);
    z = graph.operationOrThrow(TowerGraph.Z).output(0);
    realLabels = conditional ? graph.operationOrThrow(TowerGraph.REAL_LABELS).output(0) : null;
    fakeLabels = conditional ? graph.operationOrThrow(TowerGraph.FAKE_LABELS).output(0) : null;
    fakeImages = graph.operationOrThrow(TowerGraph.FAKE_IMAGES).output(0);
    samples = graph.operationOrThrow(TowerGraph.SAMPLES).output(0);
    dLoss = graph.operationOrThrow(TowerGraph.D_LOSS).output(0);
    gLoss = graph.operationOrThrow(TowerGraph.G_LOSS).output(0);
    dRealProbability = graph.operationOrThrow(TowerGraph.D_REAL).output(0);
    dFakeProbability = graph.operationOrThrow(TowerGraph.D_FAKE).output(0);
    stepMetrics = graph.operationOrThrow(TowerGraph.STEP_METRICS).output(0);
    currentMetrics = graph.operationOrThrow(TowerGraph.CURRENT_METRICS).output(0);
    residentValue = resident ? graph.operationOrThrow(StepInputs.RESIDENT_VALUE).output(0) : null;
    loadResident =
        resident ? new AssignVariableOp(graph.operationOrThrow(StepInputs.LOAD_RESIDENT)) : null;
    dStep = new NoOp(graph.operationOrThrow(TowerGraph.D_STEP));
    gStep = new NoOp(graph.operationOrThrow(TowerGraph.G_STEP));
    variables = built.variables().importedInto(Ops.create(graph));
    generatorVariables = variables.trainable(GanModel.GENERATOR);
    discriminatorVariables = variables.trainable(GanModel.DISCRIMINATOR);
    this.update = update;
  }

  /** G's full step, and the generator the sample grids and the export use. */
  record GeneratorStep(Op step, Operand<TFloat32> samples) {}

  /**
   * G's step after {@code gUpdate}: with an EMA decay the shadows follow G after each of its
   * updates and the samples come from them; else the samples are G itself in inference mode.
   */
  static GeneratorStep generatorStep(
      Ops tf,
      VariableStore variables,
      GanModel model,
      Settings settings,
      Op gUpdate,
      Operand<TFloat32> z,
      Operand<TInt32> fakeLabels) {
    if (settings.emaDecay() > 0) {
      Op step =
          GeneratorEma.build(
                  tf,
                  variables,
                  settings.emaDecay(),
                  gUpdate,
                  z,
                  (scope, gatedZ) -> model.generator(scope, gatedZ, fakeLabels, true))
              .update;
      return new GeneratorStep(
          step,
          model.generator(
              variables.root().child(GeneratorEma.SCOPE).reusing(), z, fakeLabels, false));
    }
    return new GeneratorStep(
        gUpdate,
        model.generator(
            variables.root().child(GanModel.GENERATOR).reusing(), z, fakeLabels, false));
  }

  /** G's non-saturating loss, SCE(D(G(z)), 1). */
  static Operand<TFloat32> generatorLoss(Ops losses, Operand<TFloat32> fakeLogits) {
    return losses.withName("g_loss").identity(Losses.sigmoidCrossEntropy(losses, fakeLogits, 1f));
  }

  static Op withUpdates(Ops tf, String name, Op step, List<Op> updates) {
    if (updates.isEmpty()) {
      return step;
    }
    List<Op> all = new ArrayList<>(updates);
    all.add(step);
    return tf.withControlDependencies(all).withName(name).noOp();
  }
}
