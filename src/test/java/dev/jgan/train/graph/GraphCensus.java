package dev.jgan.train.graph;

import dev.jgan.bench.Benchmarks;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.config.Update;
import dev.jgan.data.ImageDataset;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.train.Models;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.tensorflow.Graph;

/**
 * Prints, per bench model, step shape and batch source, the op count of the single-device training
 * graph and a digest of its GraphDef (text form); with a folder argument, also writes each GraphDef
 * there. Run before and after a change to the graph's builder to see that it builds the same graph
 * (a measurement tool, not a test).
 */
public final class GraphCensus {
  private GraphCensus() {}

  public static void main(String[] args) throws Exception {
    for (String name : new String[] {"mlp", "dcgan", "dcgan-bn", "dcgan/conditional"}) {
      for (Update update : Update.values()) {
        for (boolean resident : new boolean[] {false, true}) {
          Map<String, Object> flags = new HashMap<>();
          flags.put("model", name.replace("/conditional", ""));
          if (name.endsWith("/conditional")) {
            flags.put("conditional", true);
            flags.put("classes", 10);
          }
          flags.put("update", update.toString());
          TrainConfig config = new ConfigResolver().flags(flags).resolve();
          ImageShape image = Benchmarks.CASES.get(name.replace("/conditional", "")).image();
          GanModel model = Models.create(config, image);
          ImageDataset set =
              new ImageDataset(
                  "census",
                  image.height(),
                  image.width(),
                  image.channels(),
                  new byte[64 * image.pixels()],
                  new byte[64]);
          try (Graph graph = new Graph()) {
            StepBuilder.oneDevice(
                graph,
                model,
                Models.graphSettings(config),
                config.batchSize(),
                resident ? set : null);
            int ops = 0;
            var it = graph.operations();
            while (it.hasNext()) {
              it.next();
              ops++;
            }
            // The text form: the binary one's map fields (node attributes) come in no fixed order.
            String text = graph.toGraphDef().toString();
            byte[] def = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String digest =
                HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(def))
                    .substring(0, 16);
            if (args.length > 0) {
              java.nio.file.Files.writeString(
                  java.nio.file.Path.of(
                      args[0], name.replace('/', '-') + "-" + update + "-" + resident + ".txt"),
                  text);
            }
            System.out.printf(
                "%-9s %-12s %-8s ops %5d graphdef %s%n",
                name, update, resident ? "resident" : "fed", ops, digest);
          }
        }
      }
    }
  }
}
