package dev.jgan.generate;

import dev.jgan.export.GeneratorExporter;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.model.MlpGan;
import dev.jgan.train.GanSession;
import dev.jgan.train.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Trains tiny GANs for a few steps and exports them the way 'gan train' does. */
public final class TestGenerators {
  private TestGenerators() {}

  /** A run folder (export/ + config.json) of {@link TestModels#tinyMlp()}: latent 8, 28x28x1. */
  public static Path mnistRun(Path dir) throws Exception {
    return run(dir, TestModels.tinyMlp(), "uniform");
  }

  /** A run folder of an 8x8x3 (colour) generator, latent 8. */
  public static Path colourRun(Path dir) throws Exception {
    GanModel model =
        new MlpGan(TestModels.LATENT, new ImageShape(8, 8, 3), List.of(16), List.of(16));
    return run(dir, model, "uniform");
  }

  /** A run folder of a conditional 28x28x1 generator with {@code classes} classes, latent 8. */
  public static Path conditionalRun(Path dir, int classes) throws Exception {
    GanModel model =
        new MlpGan(TestModels.LATENT, ImageShape.MNIST, List.of(16), List.of(16), classes);
    return run(dir, model, "uniform");
  }

  public static Path run(Path dir, GanModel model, String noise) throws Exception {
    int batch = 4;
    int pixels = model.imageShape().pixels();
    int latent = model.latentDim();
    Path run = dir.resolve("run");
    Files.createDirectories(dir.resolve("ckpt"));
    String prefix = dir.resolve("ckpt/ckpt").toString();
    try (GanSession s = new GanSession(model, TestModels.settings(3), batch)) {
      float[] real = TestModels.uniform(1, batch * pixels);
      int[] labels = null;
      if (model.conditional()) {
        labels = new int[batch];
        for (int i = 0; i < batch; i++) {
          labels[i] = i % model.classes();
        }
      }
      for (int i = 0; i < 3; i++) {
        s.trainStep(
            0,
            real,
            labels,
            TestModels.uniform(10 + i, batch * latent),
            labels,
            TestModels.uniform(20 + i, batch * latent),
            labels);
      }
      s.save(prefix);
    }
    GeneratorExporter.export(model, prefix, run.resolve("export"));
    Files.writeString(
        run.resolve("config.json"),
        "{\"model\": \"mlp\", \"latent_dim\": "
            + latent
            + ", \"noise\": \""
            + noise
            + "\", \"conditional\": "
            + model.conditional()
            + ", \"classes\": "
            + model.classes()
            + "}");
    return run;
  }
}
