package dev.jgan.nn;

import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A position in the variable-name hierarchy with TF1 {@code variable_scope(reuse=...)} semantics:
 * without reuse, {@link #variable} creates the variable (and fails if it exists); with reuse it
 * returns the existing one (and fails if it does not). Applying the discriminator to the real and
 * the fake batch is one build in a creating scope and one in a reusing scope.
 *
 * <p>Computation ops go to {@link #ops()}, a TF name scope of the same path, so graphs read well in
 * TensorBoard; TF makes their names unique on the second application ("discriminator_1/...").
 */
public final class VarScope {
  private final VariableStore store;
  private final Ops ops;
  private final String prefix;
  private final boolean reuse;
  private final boolean updates;

  VarScope(VariableStore store, Ops ops, String prefix, boolean reuse) {
    this(store, ops, prefix, reuse, true);
  }

  private VarScope(VariableStore store, Ops ops, String prefix, boolean reuse, boolean updates) {
    this.store = store;
    this.ops = ops;
    this.prefix = prefix;
    this.reuse = reuse;
    this.updates = updates;
  }

  /** The nested scope {@code prefix/name}, inheriting the reuse flag. */
  public VarScope child(String name) {
    return new VarScope(store, ops.withSubScope(name), qualified(name), reuse, updates);
  }

  /** This scope, reusing its existing variables instead of creating them. */
  public VarScope reusing() {
    return new VarScope(store, ops, prefix, true, updates);
  }

  /**
   * This scope with {@link #addUpdate} switched off: networks built under it update no moving
   * statistics. Towers after the first are built so, which makes tower 0's shard the one source of
   * batch norm's moving averages (docs/DESIGN.md, "Towers").
   */
  public VarScope withoutUpdates() {
    return new VarScope(store, ops, prefix, reuse, false);
  }

  /** The full name of this scope ("discriminator/dense_1"). */
  public String name() {
    return prefix;
  }

  /** Ops for this scope's computations. */
  public Ops ops() {
    return ops;
  }

  /** A trainable variable of this scope: created, or reused when the scope is reusing. */
  public Variable<TFloat32> variable(String name, Shape shape, Initializer initializer) {
    return variable(name, shape, initializer, true);
  }

  /** A variable that the optimizer must not touch (e.g. batch-norm moving statistics). */
  public Variable<TFloat32> nonTrainableVariable(String name, Shape shape, Initializer init) {
    return variable(name, shape, init, false);
  }

  /** A fresh seed for one random op of a training step; see {@link VariableStore}. */
  public Operand<TInt64> nextRandomSeed() {
    return store.nextRandomSeed();
  }

  /**
   * Registers an op the training step of this scope's network must run (moving statistics), built
   * by {@code build} on ops ordered after earlier updates; builds nothing and returns null in a
   * scope {@link #withoutUpdates()}.
   */
  public Op addUpdate(Function<Ops, Op> build) {
    return updates ? store.addUpdate(prefix, build) : null;
  }

  private Variable<TFloat32> variable(
      String name, Shape shape, Initializer initializer, boolean trainable) {
    String fullName = qualified(name);
    return reuse
        ? store.get(fullName, shape)
        : store.create(fullName, shape, initializer, trainable);
  }

  private String qualified(String name) {
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }
}
