package dev.jgan.bench;

import dev.jgan.config.Update;
import dev.jgan.nn.BlockedConv;
import dev.jgan.runtime.TowerPlacement;
import dev.jgan.train.graph.GanGraph;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;

/**
 * The arithmetic of one training step, counted from the training graph itself: for every {@code
 * Session.run} of a step, the MatMul and convolution ops it executes (the ancestors of its
 * targets), at 2 FLOP per multiply-add, with the batch dimension set to the step's batch.
 * Elementwise ops, batch norm and Adam are left out: they are a few percent of the arithmetic.
 *
 * <p>Counting the graph, rather than the layers, includes what the step really computes: G's
 * forward pass twice in an alternating step, D's input gradients but not its weight gradients in
 * G's update, and no gradient into the images.
 */
public final class StepFlops {
  private StepFlops() {}

  /** FLOPs of one training step of {@code gan} at {@code batch} images. */
  public static double perStep(GanGraph gan, int batch) {
    List<List<Op>> runs =
        gan.update != Update.ALTERNATING
            ? List.of(List.of(gan.dStep, gan.gStep))
            : List.of(List.of(gan.dStep), List.of(gan.gStep));
    double total = 0;
    for (List<Op> targets : runs) {
      Set<GraphOperation> ops = executedBy(targets);
      Map<String, Double> shares = blockedShares(ops);
      // Towers (runtime.TowerPlacement's names): each tower's ops see a share of the batch.
      int towers =
          1 + ops.stream().mapToInt(op -> TowerPlacement.towerOf(op.name())).max().orElse(-1);
      for (GraphOperation op : ops) {
        boolean inTower = TowerPlacement.towerOf(op.name()) >= 0;
        // A blocked convolution's zeros are not the model's arithmetic (nn.BlockedConv).
        total += flops(op, inTower ? batch / towers : batch) * shares.getOrDefault(op.name(), 1.0);
      }
    }
    return total;
  }

  /**
   * A blocked convolution's zeros are not the model's arithmetic (nn.BlockedConv): the share of its
   * multiply-adds that count, by op name, for its Conv2D and for the two gradient ops that read its
   * kernel or its blocks. The gradient ops are found by their inputs, not by name: TF's gradient
   * builder names them after their type, under "gradients/".
   */
  static Map<String, Double> blockedShares(Set<GraphOperation> ops) {
    Map<String, Double> byInput = new HashMap<>(); // the blocks (input 0) and block kernel (1)
    Map<String, Double> shares = new HashMap<>();
    for (GraphOperation op : ops) {
      double share = BlockedConv.usefulShare(op.name());
      if (op.type().equals("Conv2D") && share < 1) {
        shares.put(op.name(), share);
        byInput.put(key(op.input(0)), share);
        byInput.put(key(op.input(1)), share);
      }
    }
    for (GraphOperation op : ops) {
      // Conv2DBackpropInput(sizes, filter, dOut); Conv2DBackpropFilter(input, sizes, dOut).
      Double share =
          switch (op.type()) {
            case "Conv2DBackpropInput" -> byInput.get(key(op.input(1)));
            case "Conv2DBackpropFilter" -> byInput.get(key(op.input(0)));
            // Building the block kernel (and its gradient) multiplies by a one-hot constant.
            case "MatMul" ->
                blockKernelConstant(op.input(0)) || blockKernelConstant(op.input(1)) ? 0.0 : null;
            default -> null;
          };
      if (share != null) {
        shares.put(op.name(), share);
      }
    }
    return shares;
  }

  private static boolean blockKernelConstant(Operand<?> input) {
    return input.op().type().equals("Const") && BlockedConv.usefulShare(input.op().name()) < 1;
  }

  private static String key(Operand<?> output) {
    return output.op().name() + ":" + output.asOutput().index();
  }

  /** The ops a Session.run of these targets executes: their data and control ancestors. */
  static Set<GraphOperation> executedBy(List<Op> targets) {
    Set<GraphOperation> seen = new HashSet<>();
    Deque<GraphOperation> pending = new ArrayDeque<>();
    for (Op target : targets) {
      pending.add((GraphOperation) target.op());
    }
    while (!pending.isEmpty()) {
      GraphOperation op = pending.pop();
      if (!seen.add(op)) {
        continue;
      }
      for (Operand<?> input : op.inputs()) {
        pending.add((GraphOperation) input.op());
      }
      pending.addAll(op.controlInputs());
    }
    return seen;
  }

  /** 2 x multiply-adds of one MatMul or convolution op; 0 for any other op. */
  static double flops(GraphOperation op, int batch) {
    return switch (op.type()) {
      case "MatMul" -> {
        Shape a = op.input(0).shape();
        Shape out = op.output(0).shape();
        // out [m, n]; the inner dimension k is a's other one.
        long k = op.attributes().getAttrBool("transpose_a") ? a.get(0) : a.get(1);
        yield 2.0 * elements(out, batch) * resolve(k, batch);
      }
      // Conv2D(input, filter [kh, kw, ci, co]) -> out [n, ho, wo, co]: kh*kw*ci MACs per output.
      case "Conv2D" -> 2.0 * elements(op.output(0).shape(), batch) * window(op.input(1).shape());
      // Conv2DBackpropInput(sizes, filter, dOut [n, ho, wo, co]): the same MACs as the forward.
      case "Conv2DBackpropInput" ->
          2.0 * elements(op.input(2).shape(), batch) * window(op.input(1).shape());
      // Conv2DBackpropFilter(input, sizes, dOut) -> dFilter [kh, kw, ci, co]: again the same.
      case "Conv2DBackpropFilter" ->
          2.0 * elements(op.input(2).shape(), batch) * window(op.output(0).shape());
      default -> 0;
    };
  }

  /** kh * kw * ci of a filter shape [kh, kw, ci, co]. */
  private static double window(Shape filter) {
    return (double) known(filter, 0) * known(filter, 1) * known(filter, 2);
  }

  private static double elements(Shape shape, int batch) {
    if (shape.isUnknown()) {
      throw new IllegalStateException("an op's shape is unknown: cannot count its FLOPs");
    }
    double n = 1;
    for (int i = 0; i < shape.numDimensions(); i++) {
      n *= resolve(shape.get(i), batch);
    }
    return n;
  }

  /** An unknown dimension of a training op is the batch (every other one is static). */
  private static long resolve(long dimension, int batch) {
    return dimension < 0 ? batch : dimension;
  }

  private static long known(Shape shape, int index) {
    if (shape.isUnknown() || shape.get(index) < 0) {
      throw new IllegalStateException("a filter shape is not static: " + shape);
    }
    return shape.get(index);
  }
}
