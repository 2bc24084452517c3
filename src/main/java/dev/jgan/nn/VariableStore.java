package dev.jgan.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Every variable of one graph, by full name ("discriminator/dense_1/kernel"). This is the TF1
 * variable store behind {@code tf.variable_scope}: networks ask a {@link VarScope} for a variable,
 * and the scope's reuse flag decides whether the store creates it or hands back the existing one.
 *
 * <p>Variables are {@code VariableV2} (not resource variables): the SavedModel exporter of TF-Java
 * 1.0.0 saves only those (docs/DESIGN.md, "Variables and the exporter").
 */
public final class VariableStore {
  private final Ops tf;
  private final long seed;
  private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
  private final Map<String, Operand<TFloat32>> initialValues = new LinkedHashMap<>();
  private final List<String> trainableNames = new ArrayList<>();
  private final Map<String, List<Op>> updates = new LinkedHashMap<>();
  private final Operand<TInt64> stepSeed;
  private final Map<String, Op> lastUpdate = new LinkedHashMap<>();
  private long randomStreams;

  /**
   * @param tf the graph's root ops
   * @param seed the run seed, mixed with each variable's name into that variable's init seed
   */
  public VariableStore(Ops tf, long seed) {
    this(tf, seed, null);
  }

  /**
   * @param stepSeed a [2] int64 seed fed anew each step, from which training-mode randomness
   *     (dropout masks) is drawn statelessly; null for graphs without it (inference, export)
   */
  public VariableStore(Ops tf, long seed, Operand<TInt64> stepSeed) {
    this.tf = tf;
    this.seed = seed;
    this.stepSeed = stepSeed;
  }

  /** The root scope (no prefix, creating variables). */
  public VarScope root() {
    return new VarScope(this, tf, "", false);
  }

  /**
   * The root scope of variable names whose computation ops are built with {@code ops} instead: a
   * tower's name scope ("tower1/generator/..."), while its variables keep their plain names
   * ("generator/...") and are created, when the scope creates, with this store's ops.
   */
  public VarScope root(Ops ops) {
    return new VarScope(this, ops, "", false);
  }

  /**
   * The same variables in {@code graph}, into which this store's graph was imported (GraphDef round
   * trip): same names, same trainable flags. For reading them only: its {@link #updates} are empty
   * (they are part of the imported training steps already) and it cannot {@link #copyScope}.
   */
  public VariableStore importedInto(Ops graphOps) {
    Graph graph = (Graph) graphOps.scope().env();
    VariableStore imported = new VariableStore(graphOps, seed, null);
    variables.forEach(
        (name, variable) -> {
          imported.variables.put(name, new Variable<>(graph.operationOrThrow(name)));
        });
    imported.trainableNames.addAll(trainableNames);
    return imported;
  }

  Variable<TFloat32> create(String name, Shape shape, Initializer initializer, boolean trainable) {
    if (variables.containsKey(name)) {
      throw new IllegalStateException(
          "Variable "
              + name
              + " already exists; build the network under a reusing scope (scope.reuse()) to"
              + " share it");
    }
    Ops init = tf.withInitScope();
    Operand<TInt64> varSeed = init.constant(new long[] {seed, name.hashCode()});
    Operand<TFloat32> value = initializer.initialValue(init, shape, varSeed);
    return register(name, value, trainable);
  }

  private Variable<TFloat32> register(String name, Operand<TFloat32> value, boolean trainable) {
    Variable<TFloat32> variable = NamedVariables.create(tf, name, value);
    variables.put(name, variable);
    initialValues.put(name, value);
    if (trainable) {
      trainableNames.add(name);
    }
    return variable;
  }

  /** A variable of the store and the copy {@link #copyScope} made of it. */
  public record Copy(Variable<TFloat32> source, Variable<TFloat32> copy, boolean trainable) {}

  /**
   * Creates, for every variable under {@code from + "/"}, a variable of the same shape under {@code
   * to + "/"} (the rest of the name kept) that starts from the very same initial value (one
   * initializer output feeds both). The copies are not trainable: no optimizer sees them. A scope
   * {@code root().child(to).reusing()} then builds the network again on the copies.
   */
  public List<Copy> copyScope(String from, String to) {
    List<Copy> copies = new ArrayList<>();
    for (String name : List.copyOf(variables.keySet())) {
      if (name.startsWith(from + "/")) {
        String copyName = to + name.substring(from.length());
        Variable<TFloat32> copy = register(copyName, initialValues.get(name), false);
        copies.add(new Copy(variables.get(name), copy, trainableNames.contains(name)));
      }
    }
    return copies;
  }

  Variable<TFloat32> get(String name, Shape shape) {
    Variable<TFloat32> existing = variables.get(name);
    if (existing == null) {
      throw new IllegalStateException(
          "Variable "
              + name
              + " does not exist and the scope is reusing; build the network once without"
              + " reuse first");
    }
    if (!existing.shape().equals(shape)) {
      throw new IllegalStateException(
          "Variable " + name + " has shape " + existing.shape() + ", asked for " + shape);
    }
    return existing;
  }

  /** Trainable variables whose full name starts with {@code prefix + "/"}, in creation order. */
  public List<Variable<TFloat32>> trainable(String prefix) {
    List<Variable<TFloat32>> result = new ArrayList<>();
    for (String name : trainableNames) {
      if (name.startsWith(prefix + "/")) {
        result.add(variables.get(name));
      }
    }
    return result;
  }

  /**
   * A fresh [2] int64 seed for one random op of a training step: the fed step seed plus this op's
   * own stream number, so each dropout layer (and each application of it) draws its own mask, and a
   * resumed run draws the same masks as a straight one.
   */
  Operand<TInt64> nextRandomSeed() {
    if (stepSeed == null) {
      throw new IllegalStateException(
          "this graph has no step seed; random layers need one (build with training = false)");
    }
    long stream = ++randomStreams;
    // Stream in the high half of the first word: run seeds are far below 2^32.
    return tf.math.add(stepSeed, tf.constant(new long[] {stream << 32, 0}));
  }

  /**
   * Registers an update that a training step of the network under {@code scope} must run (batch
   * norm's moving statistics). {@code build} receives ops that run after every update registered
   * before it for the same network: two applications of one layer (D on the real and on the fake
   * batch) update the same moving averages, and without this order the second read-modify-write
   * could race the first. The order stays within the network: a dependency on G's last update would
   * make D's step run (and so double) every update of G.
   */
  Op addUpdate(String scope, Function<Ops, Op> build) {
    String network = scope.contains("/") ? scope.substring(0, scope.indexOf('/')) : scope;
    Op previous = lastUpdate.get(network);
    Ops ops = previous == null ? tf : tf.withControlDependencies(List.of(previous));
    Op update = build.apply(ops);
    lastUpdate.put(network, update);
    updates.computeIfAbsent(network, k -> new ArrayList<>()).add(update);
    return update;
  }

  /** The updates registered under the top-level scope {@code network}, in creation order. */
  public List<Op> updates(String network) {
    return List.copyOf(updates.getOrDefault(network, List.of()));
  }

  /** Every variable (trainable or not, e.g. batch-norm moving statistics) by full name. */
  public Map<String, Variable<TFloat32>> all() {
    return Collections.unmodifiableMap(variables);
  }
}
