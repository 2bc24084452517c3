package dev.jgan.optim;

import dev.jgan.nn.NamedVariables;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam bound to one variable list, built from the raw {@code ApplyAdam} op. The framework's
 * optimizer cannot serve a GAN (docs/DESIGN.md, "Adam and minimize"): {@code minimize}
 * differentiates every variable of the graph, and its slot names break on scoped variable names.
 * Here the gradient is taken only with respect to the given variables, and the slots (m, v, beta
 * powers) live under the optimizer's own name ("d_adam/discriminator/dense_1/kernel/m"), so
 * checkpoints hold them like any variable.
 */
public final class Adam {
  private Adam() {}

  /**
   * One network's objective: minimise the scalar {@code loss} by changing {@code variables} only,
   * with the optimizer's slots under {@code name} (e.g. "d_adam").
   */
  public record Objective(
      String name,
      Operand<TFloat32> loss,
      List<Variable<TFloat32>> variables,
      AdamSettings settings) {
    public Objective {
      if (variables.isEmpty()) {
        throw new IllegalArgumentException(name + ": no variables to train");
      }
    }
  }

  /**
   * Adds one training step to the graph: the update op of {@code objective}'s variables.
   *
   * @param tf root ops of the graph
   */
  public static Op minimize(Ops tf, Objective objective) {
    return minimizeJointly(tf, List.of(objective)).get(0);
  }

  /**
   * Adds one update op per objective, every one gated on the gradients of all of them: when a
   * single {@code Session.run} applies several (a simultaneous GAN step), no update may change a
   * weight that another objective's backward pass still reads (G's gradient flows through D).
   *
   * @return the update ops, in the order of {@code objectives}
   */
  public static List<Op> minimizeJointly(Ops tf, List<Objective> objectives) {
    List<Output<?>[]> gradients = new ArrayList<>();
    for (Objective objective : objectives) {
      gradients.add(gradients(tf, objective.loss(), objective.variables()));
    }
    return applyJointly(tf, objectives, gradients);
  }

  /** The gradients of {@code loss} with respect to {@code variables}, named "gradients..." */
  public static Output<?>[] gradients(
      Ops tf, Operand<TFloat32> loss, List<Variable<TFloat32>> variables) {
    Graph graph = (Graph) tf.scope().env();
    Output<?>[] xs = variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    return graph.addGradients(loss.asOutput(), xs);
  }

  /**
   * The gradients of {@code loss} with respect to {@code variables}, their ops named under {@code
   * prefix} (e.g. "tower1/d_gradients"): a tower's gradients, which the tower's name places on its
   * device (runtime.TowerPlacement).
   */
  public static Output<?>[] gradients(
      Ops tf, String prefix, Operand<TFloat32> loss, List<Variable<TFloat32>> variables) {
    Graph graph = (Graph) tf.scope().env();
    Output<?>[] xs = variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    return graph.addGradients(prefix, new Output<?>[] {loss.asOutput()}, xs, null);
  }

  /**
   * The element-wise mean over towers of each variable's gradient: {@code perTower.get(t)[i]} is
   * tower t's gradient of variable i. Towers' losses are means over equal shards, so this mean is
   * the gradient of the whole batch's loss.
   */
  public static Output<?>[] average(Ops tf, List<Output<?>[]> perTower) {
    int variables = perTower.get(0).length;
    Operand<TFloat32> scale = tf.constant(1f / perTower.size());
    Output<?>[] mean = new Output<?>[variables];
    for (int i = 0; i < variables; i++) {
      List<Operand<TFloat32>> terms = new ArrayList<>();
      for (Output<?>[] tower : perTower) {
        terms.add(asFloat(tower[i]));
      }
      mean[i] = tf.math.mul(tf.math.addN(terms), scale).asOutput();
    }
    return mean;
  }

  /**
   * Adds one update op per objective from given gradients ({@code gradients.get(k)[i]} for variable
   * i of objective k, e.g. averaged over towers), every update gated on all of them, as {@link
   * #minimizeJointly} gates. Objectives' losses are not differentiated here.
   */
  public static List<Op> applyJointly(
      Ops tf, List<Objective> objectives, List<Output<?>[]> gradients) {
    List<Op> gate = new ArrayList<>();
    gradients.forEach(dx -> gate.addAll(List.of(dx)));
    List<Op> steps = new ArrayList<>();
    for (int i = 0; i < objectives.size(); i++) {
      steps.add(apply(tf, objectives.get(i), gradients.get(i), gate));
    }
    return steps;
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> asFloat(Output<?> gradient) {
    return (Operand<TFloat32>) gradient;
  }

  /** The Adam update of one objective's variables, run only after every op of {@code gate}. */
  private static Op apply(Ops tf, Objective objective, Output<?>[] gradients, List<Op> gate) {
    String name = objective.name();
    AdamSettings settings = objective.settings();
    List<Variable<TFloat32>> variables = objective.variables();
    Ops init = tf.withInitScope();
    Variable<TFloat32> beta1Power =
        NamedVariables.create(tf, name + "/beta1_power", init.constant(settings.beta1()));
    Variable<TFloat32> beta2Power =
        NamedVariables.create(tf, name + "/beta2_power", init.constant(settings.beta2()));
    Ops ops = tf.withSubScope(name);
    Operand<TFloat32> lr = ops.constant(settings.learningRate());
    Operand<TFloat32> beta1 = ops.constant(settings.beta1());
    Operand<TFloat32> beta2 = ops.constant(settings.beta2());
    Operand<TFloat32> epsilon = ops.constant(settings.epsilon());

    // Gate on every gradient (TF1's GATE_GRAPH): VariableV2 is read by reference, so an update
    // running while a backward op still reads the same weight would make steps nondeterministic.
    Ops gated = ops.withControlDependencies(gate);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> variable = variables.get(i);
      String slotPrefix = name + "/" + variable.op().name();
      Variable<TFloat32> m = zerosLike(tf, slotPrefix + "/m", variable);
      Variable<TFloat32> v = zerosLike(tf, slotPrefix + "/v", variable);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> gradient = (Operand<TFloat32>) gradients[i];
      updates.add(
          gated.train.applyAdam(
              variable, m, v, beta1Power, beta2Power, lr, beta1, beta2, epsilon, gradient));
    }
    // beta^t advances once per step, after every variable used this step's value.
    Ops afterUpdates = ops.withControlDependencies(updates);
    Op nextBeta1 = afterUpdates.assign(beta1Power, afterUpdates.math.mul(beta1Power, beta1));
    Op nextBeta2 = afterUpdates.assign(beta2Power, afterUpdates.math.mul(beta2Power, beta2));
    return ops.withControlDependencies(List.of(nextBeta1, nextBeta2)).withName("step").noOp();
  }

  private static Variable<TFloat32> zerosLike(Ops tf, String name, Variable<TFloat32> like) {
    Ops init = tf.withInitScope();
    return NamedVariables.create(tf, name, init.zeros(init.constant(like.shape()), TFloat32.class));
  }
}
