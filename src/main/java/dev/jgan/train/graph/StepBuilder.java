package dev.jgan.train.graph;

import dev.jgan.config.Update;
import dev.jgan.data.ImageSet;
import dev.jgan.model.GanModel;
import dev.jgan.nn.VarScope;
import dev.jgan.nn.VariableStore;
import dev.jgan.optim.Adam;
import dev.jgan.runtime.TowerPlacement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Builds a GAN's training step for k shards of the batch ({@link GanGraph} has the handles): one
 * device is k = 1; k towers are data-parallel (docs/DESIGN.md, "Towers").
 *
 * <pre>
 *   inputs [N] --split--> shard i [N/k] -> tower i: G(z), D(T(x)), D(T(G(z))), D's and G's losses
 *   each network: the towers' gradients --mean--> one Adam update (ApplyAdam per variable)
 *   the whole batch's losses: the mean of the towers' (equal shards' means)
 * </pre>
 *
 * <p>With k = 1 nothing is split, averaged or scoped: the graph is the plain one, op for op. With k
 * &gt; 1 tower i's ops (its gradients included) are named under {@code tower{i}/}, which places
 * them on its device ({@link TowerPlacement}); the inputs, variables, gradient means, Adam, the EMA
 * and the samples are shared, on the parameter device. Batch norm: each tower normalizes with its
 * own shard's statistics (as PyTorch's DataParallel and TensorFlow's MirroredStrategy do without
 * synchronized batch norm), and only tower 0's shard updates the moving averages (tf.slim's
 * model_deploy convention): one update per application per step, as on one device. Dropout masks
 * are drawn per shard from the step seed, each tower's application with its own stream.
 *
 * <p>The three step shapes ({@link Update}): alternating builds D's and G's updates apart;
 * simultaneous gates both on both networks' gradients, since G's flows through D's weights;
 * one-pass adds a third application of D, on G(z) released only after D's update, for G's loss. The
 * two applications of D per tower are two passes, not one over concat(real, fake): that measured
 * slower (docs/PERFORMANCE.md).
 *
 * <p>T is the augmentation ({@link Augmentation}, docs/DESIGN.md "Augmentation"): every image D
 * sees in the step, real or G's, passes it, with its own draws for each tower's real batch and
 * G(z); without policies T is the identity and adds no op. One-pass's third application of D sees
 * the same T(G(z)) as the second. The samples, the EMA generator and exports never pass T.
 */
public final class StepBuilder {
  private final Ops tf;
  private final GanModel model;
  private final GanGraph.Settings settings;
  private final int k;
  private final Ops losses; // the whole batch's losses and figures
  private final List<Tower> towers = new ArrayList<>();

  /** One shard's part of the step, in its name scope (the root one when k = 1). */
  private record Tower(
      Ops ops,
      Ops losses,
      VarScope discriminator,
      Operand<TFloat32> fake,
      Operand<TFloat32> fakeSeen,
      Operand<TInt32> fakeLabels,
      Operand<TFloat32> fakeLogits,
      Operand<TFloat32> dLoss,
      Operand<TFloat32> dReal,
      Operand<TFloat32> dFake) {}

  private StepBuilder(Graph graph, GanModel model, GanGraph.Settings settings, int k) {
    this.tf = Ops.create(graph);
    this.model = model;
    this.settings = settings;
    this.k = k;
    this.losses = tf.withSubScope("losses");
  }

  /** The step on one device, its real batches fed ({@link GanGraph#realImages}). */
  public static GanGraph oneDevice(
      Graph graph, GanModel model, GanGraph.Settings settings, int batchSize) {
    return oneDevice(graph, model, settings, batchSize, null);
  }

  /**
   * The step on one device.
   *
   * @param batchSize N of the noise and classes drawn in the graph
   * @param resident the training set to keep in the graph (batches gathered at {@link
   *     GanGraph#batchIndices}), or null to feed real batches
   */
  public static GanGraph oneDevice(
      Graph graph, GanModel model, GanGraph.Settings settings, int batchSize, ImageSet resident) {
    return new StepBuilder(graph, model, settings, 1).build(batchSize, resident);
  }

  /**
   * The step as data-parallel towers on {@code towers} (one or more devices) on the global batch
   * {@code batchSize}, split evenly, imported placed into the empty {@code target}. Built in a
   * scratch graph first: gradient ops get no device from the C API, so the placement is a rewrite
   * of the built GraphDef (TowerPlacement).
   *
   * @param parameterDevice where variables, inputs, gradient means and updates live
   */
  public static GanGraph towers(
      Graph target,
      GanModel model,
      GanGraph.Settings settings,
      int batchSize,
      ImageSet resident,
      List<String> towers,
      String parameterDevice) {
    int k = towers.size();
    if (k < 1 || batchSize % k != 0) {
      throw new IllegalArgumentException(
          "batch " + batchSize + " does not split into " + k + " equal tower shards");
    }
    try (Graph scratch = new Graph()) {
      GanGraph built = new StepBuilder(scratch, model, settings, k).build(batchSize, resident);
      TowerPlacement.importPlaced(scratch, towers, parameterDevice, target);
      return built.importedInto(target);
    }
  }

  private GanGraph build(int batchSize, ImageSet resident) {
    StepInputs inputs = new StepInputs(tf, model, batchSize, settings.normalNoise(), resident);
    // [N, ...] -> k x [N/k, ...]
    List<Operand<TFloat32>> real = shards(inputs.realImages);
    List<Operand<TFloat32>> z = shards(inputs.z);
    List<Operand<TInt32>> realLabels = shards(inputs.realLabels);
    List<Operand<TInt32>> fakeLabels = shards(inputs.fakeLabels);
    VariableStore variables = new VariableStore(tf, settings.seed(), inputs.stepSeed);
    for (int i = 0; i < k; i++) {
      towers.add(
          tower(
              variables,
              inputs.stepSeed,
              i,
              real.get(i),
              realLabels.get(i),
              z.get(i),
              fakeLabels.get(i)));
    }
    Operand<TFloat32> dLoss = combined("d_loss", Tower::dLoss);
    Operand<TFloat32> dReal = combined("d_real_probability", Tower::dReal);
    Operand<TFloat32> dFake = combined("d_fake_probability", Tower::dFake);

    List<Variable<TFloat32>> dVars = variables.trainable(GanModel.DISCRIMINATOR);
    List<Variable<TFloat32>> gVars = variables.trainable(GanModel.GENERATOR);
    Adam.Objective d = new Adam.Objective("d_adam", dLoss, dVars, settings.dAdam());
    List<Operand<TFloat32>> gLosses; // per tower
    Operand<TFloat32> gLoss; // the whole batch's
    Op dStep;
    Op gAdam;
    if (settings.update() == Update.ONE_PASS) {
      Op dAdam = apply(d, gradients("d_gradients", d, Tower::dLoss));
      dStep = withUpdates("d_step", dAdam, variables.updates(GanModel.DISCRIMINATOR));
      gLosses = generatorLossesAfter(dStep);
      gLoss = combined("g_loss", gLosses);
      Adam.Objective g = new Adam.Objective("g_adam", gLoss, gVars, settings.gAdam());
      gAdam = apply(g, gradients("g_gradients", g, gLosses));
    } else {
      gLosses =
          towers.stream().map(t -> generatorLoss(t.losses(), "g_loss", t.fakeLogits())).toList();
      gLoss = combined("g_loss", gLosses);
      Adam.Objective g = new Adam.Objective("g_adam", gLoss, gVars, settings.gAdam());
      List<Op> updates;
      if (settings.update() == Update.SIMULTANEOUS) {
        // D's update must wait for G's gradient, which reads D's weights.
        Output<?>[] dGradients = gradients("d_gradients", d, Tower::dLoss);
        Output<?>[] gGradients = gradients("g_gradients", g, gLosses);
        updates = Adam.applyJointly(tf, List.of(d, g), List.of(dGradients, gGradients));
      } else {
        Op dAdam = apply(d, gradients("d_gradients", d, Tower::dLoss));
        updates = List.of(dAdam, apply(g, gradients("g_gradients", g, gLosses)));
      }
      dStep = withUpdates("d_step", updates.get(0), variables.updates(GanModel.DISCRIMINATOR));
      gAdam = updates.get(1);
    }
    GanGraph.Figures figures = figures(dLoss, gLoss, dReal, dFake);
    Op gUpdate = withUpdates("g_step", gAdam, variables.updates(GanModel.GENERATOR));
    // The averaged generator on the whole batch's z (the parameter device's, with towers).
    GanGraph.Steps steps = generatorStep(variables, dStep, gUpdate, inputs);
    return new GanGraph(inputs, fakeImages(), figures, steps, variables, settings.update());
  }

  /** Tower {@code i}: G and D on its shard, with the one set of variables. */
  private Tower tower(
      VariableStore variables,
      Operand<TInt64> stepSeed,
      int i,
      Operand<TFloat32> real,
      Operand<TInt32> realLabels,
      Operand<TFloat32> z,
      Operand<TInt32> fakeLabels) {
    Ops ops = k == 1 ? tf : tf.withSubScope(TowerPlacement.scope(i));
    // Tower 0 creates the variables and updates the moving statistics; the others reuse them.
    VarScope root =
        k == 1
            ? variables.root()
            : i == 0 ? variables.root(ops) : variables.root(ops).reusing().withoutUpdates();
    VarScope generator = root.child(GanModel.GENERATOR);
    VarScope discriminator = root.child(GanModel.DISCRIMINATOR);
    Operand<TFloat32> fake = model.generator(generator, z, fakeLabels, true);
    // What D sees: T(x) and T(G(z)), each with its own draws; the images themselves without
    // policies.
    Operand<TFloat32> realSeen = augmented(ops, "augment_real", real, stepSeed, i, false);
    Operand<TFloat32> fakeSeen = augmented(ops, "augment_fake", fake, stepSeed, i, true);
    Operand<TFloat32> realLogits = model.discriminator(discriminator, realSeen, realLabels, true);
    // Second application of D: same variables, created above; G's images with the asked classes.
    Operand<TFloat32> fakeLogits =
        model.discriminator(discriminator.reusing(), fakeSeen, fakeLabels, true);
    Ops towerLosses = k == 1 ? losses : ops.withSubScope("losses");
    Operand<TFloat32> dLoss =
        towerLosses
            .withName("d_loss")
            .math
            .add(
                Losses.sigmoidCrossEntropy(towerLosses, realLogits, settings.realTarget()),
                Losses.sigmoidCrossEntropy(towerLosses, fakeLogits, 0f));
    return new Tower(
        ops,
        towerLosses,
        discriminator,
        fake,
        fakeSeen,
        fakeLabels,
        fakeLogits,
        dLoss,
        Losses.meanProbability(towerLosses, realLogits),
        Losses.meanProbability(towerLosses, fakeLogits));
  }

  /**
   * T(images) in {@code name}'s scope under the tower's, drawn from the step seed with tower {@code
   * i}'s streams for real or generated images; {@code images} itself without policies.
   */
  private Operand<TFloat32> augmented(
      Ops ops,
      String name,
      Operand<TFloat32> images,
      Operand<TInt64> stepSeed,
      int i,
      boolean generated) {
    if (settings.augment().isEmpty()) {
      return images;
    }
    return Augmentation.apply(
        ops.withSubScope(name),
        settings.augment(),
        images,
        stepSeed,
        Augmentation.firstStream(i, generated));
  }

  /**
   * One-pass: each tower's G loss through D's new weights. The same G(z) (as D saw it: T(G(z)) with
   * augmentation, the same draws), released to D only after {@code dStep}: every op of this third
   * application of D runs after it and so reads D's new weights (VariableV2 is read when an op
   * runs).
   */
  private List<Operand<TFloat32>> generatorLossesAfter(Op dStep) {
    List<Operand<TFloat32>> losses = new ArrayList<>();
    for (Tower tower : towers) {
      Operand<TFloat32> fakeAfterD =
          tower
              .ops()
              .withControlDependencies(List.of(dStep))
              .withName("fake_after_d_step")
              .identity(tower.fakeSeen());
      Operand<TFloat32> logitsAfterD =
          model.discriminator(
              tower.discriminator().reusing(), fakeAfterD, tower.fakeLabels(), true);
      losses.add(generatorLoss(tower.losses(), "g_loss", logitsAfterD));
    }
    return losses;
  }

  /**
   * The step's four figures as one [4] tensor, and the same from the current weights: a one-pass G
   * loss waits for D's update, so that one has its own G loss, through D's weights before it.
   */
  private GanGraph.Figures figures(
      Operand<TFloat32> dLoss,
      Operand<TFloat32> gLoss,
      Operand<TFloat32> dReal,
      Operand<TFloat32> dFake) {
    Operand<TFloat32> step =
        losses.withName("step_metrics").stack(List.of(dLoss, gLoss, dReal, dFake));
    Operand<TFloat32> gLossNow = gLoss;
    if (settings.update() == Update.ONE_PASS) {
      List<Operand<TFloat32>> now = new ArrayList<>();
      for (Tower tower : towers) {
        now.add(generatorLoss(tower.losses(), "g_loss_now", tower.fakeLogits()));
      }
      gLossNow = combined("g_loss_now", now);
    }
    Operand<TFloat32> current =
        losses.withName("current_metrics").stack(List.of(dLoss, gLossNow, dReal, dFake));
    return new GanGraph.Figures(dLoss, gLoss, dReal, dFake, step, current);
  }

  /**
   * G's full step after {@code gUpdate}: with an EMA decay the shadows follow G after each of its
   * updates and the samples come from them; else the samples are G itself in inference mode.
   */
  private GanGraph.Steps generatorStep(
      VariableStore variables, Op dStep, Op gUpdate, StepInputs inputs) {
    if (settings.emaDecay() > 0) {
      Op step =
          GeneratorEma.build(
                  tf,
                  variables,
                  settings.emaDecay(),
                  gUpdate,
                  inputs.z,
                  (scope, gatedZ) -> model.generator(scope, gatedZ, inputs.fakeLabels, true))
              .update;
      VarScope ema = variables.root().child(GeneratorEma.SCOPE).reusing();
      return new GanGraph.Steps(
          dStep, step, model.generator(ema, inputs.z, inputs.fakeLabels, false));
    }
    VarScope generator = variables.root().child(GanModel.GENERATOR).reusing();
    return new GanGraph.Steps(
        dStep, gUpdate, model.generator(generator, inputs.z, inputs.fakeLabels, false));
  }

  /** G's non-saturating loss, SCE(D(G(z)), 1), named {@code name} in {@code losses}. */
  private static Operand<TFloat32> generatorLoss(
      Ops losses, String name, Operand<TFloat32> fakeLogits) {
    return losses.withName(name).identity(Losses.sigmoidCrossEntropy(losses, fakeLogits, 1f));
  }

  /**
   * The gradients of {@code objective}'s loss: on one device, of the loss; with towers, each
   * tower's of its own loss (named under the tower), averaged.
   */
  private Output<?>[] gradients(
      String name, Adam.Objective objective, Function<Tower, Operand<TFloat32>> towerLoss) {
    return gradients(name, objective, towers.stream().map(towerLoss).toList());
  }

  private Output<?>[] gradients(
      String name, Adam.Objective objective, List<Operand<TFloat32>> towerLosses) {
    if (k == 1) {
      return Adam.gradients(tf, objective.loss(), objective.variables());
    }
    List<Output<?>[]> perTower = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      String prefix = TowerPlacement.scope(i) + "/" + name;
      perTower.add(Adam.gradients(tf, prefix, towerLosses.get(i), objective.variables()));
    }
    return Adam.average(tf.withSubScope(name + "_mean"), perTower);
  }

  private Op apply(Adam.Objective objective, Output<?>[] gradients) {
    return Adam.applyJointly(tf, List.of(objective), List.<Output<?>[]>of(gradients)).get(0);
  }

  /** The whole batch's value of a tower scalar: the one tower's, or the towers' mean. */
  private Operand<TFloat32> combined(String name, Function<Tower, Operand<TFloat32>> scalar) {
    return combined(name, towers.stream().map(scalar).toList());
  }

  private Operand<TFloat32> combined(String name, List<Operand<TFloat32>> scalars) {
    if (k == 1) {
      return scalars.get(0);
    }
    return tf.withName(name).math.mul(tf.math.addN(scalars), tf.constant(1f / k));
  }

  /** G's training-mode images of the whole batch: the one tower's, or the shards concatenated. */
  private Operand<TFloat32> fakeImages() {
    List<Operand<TFloat32>> fakes = towers.stream().map(Tower::fake).toList();
    return k == 1 ? fakes.get(0) : tf.withName("fake_images").concat(fakes, tf.constant(0));
  }

  /** [N, ...] -> k shards [N/k, ...] along the batch; k nulls for a null input. */
  private <T extends TType> List<Operand<T>> shards(Operand<T> batch) {
    if (batch == null) {
      List<Operand<T>> none = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        none.add(null);
      }
      return none;
    }
    if (k == 1) {
      return List.of(batch);
    }
    return new ArrayList<>(
        tf.withSubScope("shards").split(tf.constant(0), batch, (long) k).output());
  }

  /** {@code step} and the network's moving-statistics updates (batch norm), as one op. */
  private Op withUpdates(String name, Op step, List<Op> updates) {
    if (updates.isEmpty()) {
      return step;
    }
    List<Op> all = new ArrayList<>(updates);
    all.add(step);
    return tf.withControlDependencies(all).withName(name).noOp();
  }
}
