package dev.jgan.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Creates variables under an exact hierarchical name such as "discriminator/dense_1/kernel".
 *
 * <p>TF-Java's {@code withName} rejects '/', and {@code withSubScope} makes every level unique
 * graph-wide ("discriminator_1" the second time), which is right for computation ops but wrong for
 * variables, whose names are the keys of checkpoints and of the exported model. So the {@code
 * VariableV2} op is built with the graph's raw builder, which takes the name as given, and its
 * initializer (an {@code Assign} registered as an init op) in the caller's ordinary init scope.
 */
public final class NamedVariables {
  private NamedVariables() {}

  /**
   * @param tf ops of the graph; {@code initialValue} must have been built in its init scope
   * @param fullName slash-separated exact name of the variable
   */
  public static Variable<TFloat32> create(Ops tf, String fullName, Operand<TFloat32> initialValue) {
    Scope init = tf.withInitScope().scope();
    Variable<TFloat32> variable =
        new Variable<>(
            init.env()
                .opBuilder(Variable.OP_NAME, fullName, init)
                .setAttr("shape", initialValue.shape())
                .setAttr("dtype", DataType.DT_FLOAT)
                .build());
    tf.withInitScope().withSubScope("init").assign(variable, initialValue);
    return variable;
  }
}
