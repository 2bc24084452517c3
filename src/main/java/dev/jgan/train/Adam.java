package dev.jgan.train;

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
 * optimizer cannot serve a GAN (DESIGN.md): {@code minimize} differentiates every variable of the
 * graph, and its slot names break on scoped variable names. Here the gradient is taken only with
 * respect to the given variables, and the slots (m, v, beta powers) live under the optimizer's own
 * name ("d_adam/discriminator/dense_1/kernel/m"), so checkpoints hold them like any variable.
 */
public final class Adam {
  private Adam() {}

  /**
   * Adds one training step to the graph.
   *
   * @param tf root ops of the graph
   * @param name the optimizer's scope, e.g. "d_adam"
   * @param loss scalar loss to minimise
   * @param variables the only variables this step may change
   * @return the op that runs one update
   */
  public static Op minimize(
      Ops tf,
      String name,
      Operand<TFloat32> loss,
      List<Variable<TFloat32>> variables,
      AdamSettings settings) {
    if (variables.isEmpty()) {
      throw new IllegalArgumentException(name + ": no variables to train");
    }
    Graph graph = (Graph) tf.scope().env();
    Output<?>[] xs = variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    Output<?>[] gradients = graph.addGradients(loss.asOutput(), xs);

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
    Ops gated = ops.withControlDependencies(List.<Op>of(gradients));
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
