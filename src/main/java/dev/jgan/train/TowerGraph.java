package dev.jgan.train;

import dev.jgan.config.Update;
import dev.jgan.data.ImageSet;
import dev.jgan.model.GanModel;
import dev.jgan.nn.VarScope;
import dev.jgan.nn.VariableStore;
import dev.jgan.optim.Adam;
import dev.jgan.runtime.TowerPlacement;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * {@link GanGraph}'s training graph as data-parallel towers (docs/DESIGN.md, "Towers"): the step's
 * inputs are drawn or gathered once for the whole batch (so a tower's noise is its rows of the
 * single-device noise) and split into equal shards; tower i applies G and D to shard i under the
 * name scope {@code tower{i}/} with the one set of variables; each network's gradients are taken
 * per tower (also named {@code tower{i}/...}), averaged, and applied by one Adam update per
 * variable.
 *
 * <pre>
 *   inputs [N] --split--> shard 0 [N/k] -> tower0: G, D(real), D(fake), losses, gradients --+
 *                         shard 1 [N/k] -> tower1: ...                                       +-> mean -> Adam
 *   variables, inputs, means, Adam, EMA, samples: the parameter device
 * </pre>
 *
 * <p>The graph is built in a scratch graph, placed by name ({@link TowerPlacement}: gradient ops
 * get no device from the C API) and imported into the target graph, where {@link GanGraph} finds
 * its handles by the names below.
 *
 * <p>Batch norm: each tower normalizes with its own shard's statistics (as PyTorch's DataParallel
 * and TensorFlow's MirroredStrategy do without synchronized batch norm), and only tower 0's shard
 * updates the moving averages (tf.slim's model_deploy convention): one update per application per
 * step, as on one device, with no traffic between towers. Dropout masks are drawn per shard from
 * the step seed, each tower's application with its own stream.
 */
final class TowerGraph {
  static final String STEP_SEED = "step_seed";
  static final String BATCH_INDICES = "batch_indices";
  static final String REAL_IMAGES = "real_images";
  static final String Z = "z";
  static final String REAL_LABELS = "real_labels";
  static final String FAKE_LABELS = "fake_labels";
  static final String FAKE_IMAGES = "fake_images";
  static final String SAMPLES = "samples";
  static final String D_LOSS = "d_loss";
  static final String G_LOSS = "g_loss";
  static final String D_REAL = "d_real_probability";
  static final String D_FAKE = "d_fake_probability";
  static final String D_STEP = "d_step";
  static final String G_STEP = "g_step";
  static final String STEP_METRICS = "step_metrics";
  static final String CURRENT_METRICS = "current_metrics";

  /** The built graph's variables (in the scratch graph: GanGraph imports them by name). */
  record Built(VariableStore variables) {}

  /** One tower's part of the forward pass, in its name scope. */
  private record Tower(
      Ops ops,
      VarScope discriminator,
      Operand<TFloat32> fake,
      Operand<TInt32> fakeLabels,
      Operand<TFloat32> fakeLogits,
      Operand<TFloat32> dLoss,
      Operand<TFloat32> dReal,
      Operand<TFloat32> dFake) {}

  private TowerGraph() {}

  /**
   * Builds the tower graph and imports it, placed, into {@code target} (an empty graph).
   *
   * @param towers the towers' devices, in order; one or more
   * @param parameterDevice where variables, inputs, gradient means and updates live
   */
  static Built build(
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
      Built built = buildIn(scratch, model, settings, batchSize, resident, k);
      TowerPlacement.importPlaced(scratch, towers, parameterDevice, target);
      return built;
    }
  }

  private static Built buildIn(
      Graph graph,
      GanModel model,
      GanGraph.Settings settings,
      int batchSize,
      ImageSet resident,
      int k) {
    Ops tf = Ops.create(graph);
    Placeholder<TInt64> stepSeed =
        tf.withName(STEP_SEED).placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    // The whole batch's inputs, once, then k shards: [N, ...] -> k x [N/k, ...].
    StepInputs inputs =
        new StepInputs(tf, model, stepSeed, batchSize, settings.normalNoise(), resident);
    List<Operand<TFloat32>> real = shards(tf, inputs.realImages, k);
    List<Operand<TFloat32>> z = shards(tf, inputs.z, k);
    List<Operand<TInt32>> realLabels =
        model.conditional() ? shards(tf, inputs.realLabels, k) : null;
    List<Operand<TInt32>> fakeLabels =
        model.conditional() ? shards(tf, inputs.fakeLabels, k) : null;

    VariableStore variables = new VariableStore(tf, settings.seed(), stepSeed);
    List<Tower> built = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Ops ops = tf.withSubScope(TowerPlacement.scope(i));
      // Tower 0 creates the variables and updates the moving statistics; the others reuse them.
      VarScope root = i == 0 ? variables.root(ops) : variables.root(ops).reusing().withoutUpdates();
      VarScope generator = root.child(GanModel.GENERATOR);
      VarScope discriminator = root.child(GanModel.DISCRIMINATOR);
      Operand<TInt32> fl = fakeLabels == null ? null : fakeLabels.get(i);
      Operand<TFloat32> fake = model.generator(generator, z.get(i), fl, true);
      Operand<TFloat32> realLogits =
          model.discriminator(
              discriminator, real.get(i), realLabels == null ? null : realLabels.get(i), true);
      Operand<TFloat32> fakeLogits = model.discriminator(discriminator.reusing(), fake, fl, true);
      Ops losses = ops.withSubScope("losses");
      Operand<TFloat32> dLoss =
          losses.math.add(
              Losses.sigmoidCrossEntropy(losses, realLogits, settings.realLabel()),
              Losses.sigmoidCrossEntropy(losses, fakeLogits, 0f));
      built.add(
          new Tower(
              ops,
              discriminator,
              fake,
              fl,
              fakeLogits,
              dLoss,
              Losses.meanProbability(losses, realLogits),
              Losses.meanProbability(losses, fakeLogits)));
    }
    // The whole batch's numbers: means of equal shards' means.
    mean(tf, D_LOSS, built.stream().map(Tower::dLoss).toList());
    mean(tf, D_REAL, built.stream().map(Tower::dReal).toList());
    mean(tf, D_FAKE, built.stream().map(Tower::dFake).toList());
    tf.withName(FAKE_IMAGES).concat(built.stream().map(Tower::fake).toList(), tf.constant(0));

    List<Variable<TFloat32>> gVars = variables.trainable(GanModel.GENERATOR);
    List<Variable<TFloat32>> dVars = variables.trainable(GanModel.DISCRIMINATOR);
    Output<?>[] dGradients = averaged(tf, "d_gradients", built, Tower::dLoss, dVars);
    Adam.Objective d =
        new Adam.Objective("d_adam", graphOutput(graph, D_LOSS), dVars, settings.dAdam());
    Update update = settings.update();
    Op dStep;
    Op gAdam;
    if (update == Update.ONE_PASS) {
      Op dAdam = Adam.applyJointly(tf, List.of(d), List.<Output<?>[]>of(dGradients)).get(0);
      dStep = step(tf, D_STEP, dAdam, variables.updates(GanModel.DISCRIMINATOR));
      // G's loss through D's new weights: each tower's G(z) released only after D's update.
      List<Operand<TFloat32>> gLosses = new ArrayList<>();
      for (Tower tower : built) {
        Operand<TFloat32> fakeAfterD =
            tower.ops().withControlDependencies(List.of(dStep)).identity(tower.fake());
        Operand<TFloat32> logits =
            model.discriminator(
                tower.discriminator().reusing(), fakeAfterD, tower.fakeLabels(), true);
        gLosses.add(GanGraph.generatorLoss(tower.ops().withSubScope("losses"), logits));
      }
      gAdam = generatorUpdate(tf, graph, settings, built, gLosses, gVars, null).get(0);
    } else {
      List<Operand<TFloat32>> gLosses = new ArrayList<>();
      for (Tower tower : built) {
        gLosses.add(GanGraph.generatorLoss(tower.ops().withSubScope("losses"), tower.fakeLogits()));
      }
      // Simultaneous: both updates gated on both networks' gradients (G's flows through D).
      List<Op> updates =
          generatorUpdate(
              tf,
              graph,
              settings,
              built,
              gLosses,
              gVars,
              update == Update.SIMULTANEOUS ? new JointUpdate(d, dGradients) : null);
      Op dAdam =
          update == Update.SIMULTANEOUS
              ? updates.get(1)
              : Adam.applyJointly(tf, List.of(d), List.<Output<?>[]>of(dGradients)).get(0);
      gAdam = updates.get(0);
      dStep = step(tf, D_STEP, dAdam, variables.updates(GanModel.DISCRIMINATOR));
    }
    Op gUpdate = step(tf, "g_update", gAdam, variables.updates(GanModel.GENERATOR));
    // The averaged generator on the parameter device, on the whole batch's z (GanGraph's).
    GanGraph.GeneratorStep g =
        GanGraph.generatorStep(
            tf, variables, model, settings, gUpdate, inputs.z, inputs.fakeLabels);
    tf.withControlDependencies(List.of(g.step())).withName(G_STEP).noOp();
    metrics(tf, graph, update, built);
    tf.withName(SAMPLES).identity(g.samples());
    return new Built(variables);
  }

  /**
   * The step's four figures as one [4] tensor (GanGraph.stepMetrics), and the same from the current
   * weights: a one-pass G loss waits for D's update, so that one has its own G loss, before it.
   */
  private static void metrics(Ops tf, Graph graph, Update update, List<Tower> towers) {
    List<Operand<TFloat32>> figures =
        List.of(
            graphOutput(graph, D_LOSS),
            graphOutput(graph, G_LOSS),
            graphOutput(graph, D_REAL),
            graphOutput(graph, D_FAKE));
    tf.withName(STEP_METRICS).stack(figures);
    Operand<TFloat32> gLossNow = figures.get(1);
    if (update == Update.ONE_PASS) {
      List<Operand<TFloat32>> now = new ArrayList<>();
      for (Tower tower : towers) {
        now.add(GanGraph.generatorLoss(tower.ops().withSubScope("losses_now"), tower.fakeLogits()));
      }
      mean(tf, "g_loss_now", now);
      gLossNow = graphOutput(graph, "g_loss_now");
    }
    tf.withName(CURRENT_METRICS)
        .stack(List.of(figures.get(0), gLossNow, figures.get(2), figures.get(3)));
  }

  /** D's objective and its averaged gradients, to be applied together with G's. */
  private record JointUpdate(Adam.Objective objective, Output<?>[] gradients) {}

  /**
   * G's averaged gradients and update; with {@code jointWith}, that objective's update too, both
   * gated on both gradients: [G's update, jointWith's update].
   */
  private static List<Op> generatorUpdate(
      Ops tf,
      Graph graph,
      GanGraph.Settings settings,
      List<Tower> towers,
      List<Operand<TFloat32>> gLosses,
      List<Variable<TFloat32>> gVars,
      JointUpdate jointWith) {
    mean(tf, G_LOSS, gLosses);
    List<Output<?>[]> perTower = new ArrayList<>();
    for (int i = 0; i < towers.size(); i++) {
      perTower.add(
          Adam.gradients(tf, TowerPlacement.scope(i) + "/g_gradients", gLosses.get(i), gVars));
    }
    Output<?>[] gGradients = Adam.average(tf.withSubScope("g_gradients_mean"), perTower);
    Adam.Objective g =
        new Adam.Objective("g_adam", graphOutput(graph, G_LOSS), gVars, settings.gAdam());
    if (jointWith == null) {
      return Adam.applyJointly(tf, List.of(g), List.<Output<?>[]>of(gGradients));
    }
    return Adam.applyJointly(
        tf,
        List.of(g, jointWith.objective()),
        List.<Output<?>[]>of(gGradients, jointWith.gradients()));
  }

  /** Each tower's gradients of {@code loss} named under the tower, and their mean. */
  private static Output<?>[] averaged(
      Ops tf,
      String name,
      List<Tower> towers,
      java.util.function.Function<Tower, Operand<TFloat32>> loss,
      List<Variable<TFloat32>> variables) {
    List<Output<?>[]> perTower = new ArrayList<>();
    for (int i = 0; i < towers.size(); i++) {
      perTower.add(
          Adam.gradients(
              tf, TowerPlacement.scope(i) + "/" + name, loss.apply(towers.get(i)), variables));
    }
    return Adam.average(tf.withSubScope(name + "_mean"), perTower);
  }

  /** [N, ...] -> k shards [N/k, ...] along the batch. */
  private static <T extends org.tensorflow.types.family.TType> List<Operand<T>> shards(
      Ops tf, Operand<T> batch, int k) {
    return new ArrayList<>(
        tf.withSubScope("shards").split(tf.constant(0), batch, (long) k).output());
  }

  /** The mean of the towers' scalars, named {@code name} at the root. */
  private static void mean(Ops tf, String name, List<Operand<TFloat32>> scalars) {
    tf.withName(name).math.mul(tf.math.addN(scalars), tf.constant(1f / scalars.size()));
  }

  private static Operand<TFloat32> graphOutput(Graph graph, String name) {
    return graph.operationOrThrow(name).output(0);
  }

  /** A no-op named {@code name} that runs {@code update} and the network's moving statistics. */
  private static Op step(Ops tf, String name, Op update, List<Op> statistics) {
    List<Op> all = new ArrayList<>(statistics);
    all.add(update);
    return tf.withControlDependencies(all).withName(name).noOp();
  }
}
