package dev.jgan.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.ImageDataset;
import dev.jgan.data.ImageSet;
import dev.jgan.data.TrainingData;
import dev.jgan.run.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step rate of dcgan-bn with the images on disk against the same images in memory, not a test
 * (docs/DATA.md): trains {@code STEPS} steps on an image folder's store, then on an in-memory copy
 * of its first 20,000 images, and prints the median images/s of each run after 10 warm-up steps.
 * The run folders go under {@code OUT}, which must not exist.
 *
 * <p>{@code java -Xmx1g -cp 'target/gan.jar:target/lib/*:target/test-classes'
 * dev.jgan.train.FolderTrainBench FOLDER OUT [STEPS]}
 */
public final class FolderTrainBench {
  private FolderTrainBench() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    Path out = Path.of(args[1]);
    long steps = args.length > 2 ? Long.parseLong(args[2]) : 100;
    TrainConfig config =
        new ConfigResolver()
            .flags(
                Map.of(
                    "model",
                    "dcgan-bn",
                    "dataset",
                    "folder",
                    "data",
                    folder.toString(),
                    "max_steps",
                    steps))
            .resolve();
    int size = config.imageShape().height();
    ImageSet disk =
        TrainingData.load(
            "folder", Optional.of(folder), size, config.imageShape().channels(), false);
    int n = Math.min(disk.size(), 20_000);
    byte[] pixels = new byte[n * disk.imageSize()];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      disk.copyBytes(i, pixels, i * disk.imageSize());
    }
    ImageDataset memory = new ImageDataset("memory", size, size, disk.channels(), pixels, labels);
    for (ImageSet images : List.of(disk, memory)) {
      RunFolder run = RunFolder.check(out.resolve(images == disk ? "disk" : "memory"));
      TrainRun.startNew(config, images, run, TrainRun.Console.quiet());
      System.out.printf(
          "%s (%,d images): median %.1f images/s over steps 11..%d%n",
          images == disk ? "disk" : "memory", images.size(), medianRate(run.metrics()), steps);
    }
  }

  private static double medianRate(Path metrics) throws Exception {
    List<Double> rates = new ArrayList<>();
    for (String line : Files.readAllLines(metrics)) {
      JsonNode node = ConfigResolver.JSON.readTree(line);
      if (node.get("step").asLong() > 10) {
        rates.add(node.get("images_per_sec").asDouble());
      }
    }
    rates.sort(null);
    return rates.get(rates.size() / 2);
  }
}
