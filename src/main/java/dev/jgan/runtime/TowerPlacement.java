package dev.jgan.runtime;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Places a tower graph by its node names: every node under {@code tower{i}/} on tower i's device,
 * every other node (inputs, variables, gradient averages, Adam, the inference generator) on the
 * parameter device. Nodes that already name a device keep it.
 *
 * <p>Why a rewrite of the GraphDef: {@code Graph.addGradients} (C API {@code
 * TF_AddGradientsWithPrefix}) builds the backward ops in a scope without a device, and TensorFlow's
 * placer puts device-less ops on device 0, so a tower's gradients (two thirds of its arithmetic)
 * would run on the first device whatever {@code Ops.withDevice} said for its forward pass. The C
 * API cannot set the device of an existing node; a GraphDef can, and importing it into a fresh
 * {@link Graph} keeps TF-Java's variable initializers (docs/DESIGN.md, "Towers"). Naming the
 * gradients {@code tower{i}/...} (the prefix of addGradients) is what makes them tower i's.
 */
public final class TowerPlacement {
  private static final Pattern TOWER = Pattern.compile("^tower([0-9]+)/");

  private TowerPlacement() {}

  /** The name scope of tower {@code i}'s ops, its gradients included. */
  public static String scope(int tower) {
    return "tower" + tower;
  }

  /** The tower a node belongs to by its name, or -1 (a shared node). */
  public static int towerOf(String nodeName) {
    Matcher m = TOWER.matcher(nodeName);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /**
   * {@code def} with a device on every node: tower i's nodes on {@code towerDevices.get(i)}, the
   * rest on {@code parameterDevice}.
   */
  public static GraphDef place(GraphDef def, List<String> towerDevices, String parameterDevice) {
    GraphDef.Builder placed = def.toBuilder();
    for (NodeDef.Builder node : placed.getNodeBuilderList()) {
      if (!node.getDevice().isEmpty()) {
        continue;
      }
      int tower = towerOf(node.getName());
      if (tower >= towerDevices.size()) {
        throw new IllegalStateException(
            node.getName() + " belongs to tower " + tower + " of " + towerDevices.size());
      }
      node.setDevice(tower < 0 ? parameterDevice : towerDevices.get(tower));
    }
    return placed.build();
  }

  /** Imports {@link #place}'s result into {@code target}, an empty graph. */
  public static void importPlaced(
      Graph built, List<String> towerDevices, String parameterDevice, Graph target) {
    target.importGraphDef(place(built.toGraphDef(), towerDevices, parameterDevice));
  }
}
