package dev.jgan.classifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.BadInputException;
import dev.jgan.FileTrees;
import dev.jgan.config.ConfigResolver;
import dev.jgan.data.BatchStream;
import dev.jgan.data.DatasetSpec;
import dev.jgan.data.Datasets;
import dev.jgan.data.ImageDataset;
import dev.jgan.data.Split;
import dev.jgan.export.ClassifierExporter;
import dev.jgan.model.ClassifierNet;
import dev.jgan.model.ImageShape;
import dev.jgan.optim.AdamSettings;
import dev.jgan.run.RunFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code gan train-classifier}: trains {@link ClassifierNet} on a data set's training images and
 * writes it as a SavedModel ({@link ClassifierExporter}) plus {@code classifier.json}, its card:
 * data, architecture, settings and the accuracy measured on the test images.
 */
public final class ClassifierTraining {
  /** Adam's own defaults (Keras'): a plain classifier needs none of the GAN's tuning. */
  public static final AdamSettings ADAM = new AdamSettings(1e-3f, 0.9f, 0.999f, 1e-7f);

  /** Batch of the Keras/TF MNIST CNN examples. */
  public static final int BATCH_SIZE = 128;

  /** The default seed, the one GAN runs default to as well. */
  public static final long SEED = 42;

  /** Epochs that reach the shipped accuracies: MNIST is learned in 3, Fashion-MNIST needs ~8. */
  public static int defaultEpochs(String dataset) {
    return dataset.equals(DatasetSpec.FASHION_MNIST.name()) ? 8 : 3;
  }

  /** Images per inference run when measuring accuracy. */
  static final int EVAL_BATCH = 500;

  /**
   * Everything one training needs.
   *
   * @param dataset the data set's name, as the card gives it
   * @param command the command that reproduces the training, as the card gives it
   */
  public record Request(
      String dataset,
      Optional<Path> data,
      ClassifierNet net,
      int epochs,
      int batchSize,
      long maxSteps,
      long seed,
      Path out,
      String command) {

    /** {@code gan train-classifier} on a built-in data set. */
    public static Request forDataset(
        DatasetSpec dataset,
        Optional<Path> data,
        ClassifierNet net,
        int epochs,
        int batchSize,
        long maxSteps,
        long seed,
        Path out) {
      String command =
          "gan train-classifier --dataset "
              + dataset.name()
              + " --epochs "
              + epochs
              + " --seed "
              + seed;
      return new Request(
          dataset.name(), data, net, epochs, batchSize, maxSteps, seed, out, command);
    }
  }

  /** What a training measured: test accuracy after each epoch (the last is the model's). */
  public record Outcome(
      Path savedModel, List<Double> epochTestAccuracy, long steps, double seconds) {
    public double testAccuracy() {
      return epochTestAccuracy.get(epochTestAccuracy.size() - 1);
    }
  }

  private ClassifierTraining() {}

  /** Checks the request, loads the data set and trains; see {@link #train}. */
  public static Outcome run(Request r, PrintStream progress) throws IOException {
    check(r);
    RunFolder.check(r.out());
    DatasetSpec spec = DatasetSpec.byName(r.dataset());
    ImageDataset train = Datasets.load(spec, r.data(), Split.TRAIN);
    ImageDataset test = Datasets.load(spec, r.data(), Split.TEST);
    return train(r, train, test, progress);
  }

  static void check(Request r) {
    if (r.epochs() < 1) {
      throw new BadInputException("--epochs " + r.epochs() + " must be at least 1");
    }
    if (r.batchSize() < 1) {
      throw new BadInputException("--batch-size " + r.batchSize() + " must be at least 1");
    }
  }

  /** Trains on {@code train}, measures accuracy on {@code test} after each epoch, exports. */
  public static Outcome train(
      Request r, ImageDataset train, ImageDataset test, PrintStream progress) throws IOException {
    check(r);
    RunFolder.check(r.out());
    for (ImageDataset d : List.of(train, test)) {
      ImageShape shape = new ImageShape(d.height(), d.width(), d.channels());
      if (!shape.equals(r.net().image())) {
        throw new BadInputException(
            d.name() + " images are " + shape + "; the classifier takes " + r.net().image());
      }
    }
    long start = System.nanoTime();
    List<Double> accuracies = new ArrayList<>();
    Path work = Files.createTempDirectory("jgan-classifier-");
    long step = 0;
    try (ClassifierSession session = new ClassifierSession(r.net(), ADAM, r.seed());
        BatchStream stream = new BatchStream(train, r.batchSize(), r.seed(), 0)) {
      int perEpoch = stream.batchesPerEpoch();
      long total = (long) perEpoch * r.epochs();
      if (r.maxSteps() > 0) {
        total = Math.min(total, r.maxSteps());
      }
      progress.printf(
          "training the %s classifier: %d images, %d epochs of %d batches of %d%n",
          r.dataset(), train.size(), r.epochs(), perEpoch, r.batchSize());
      long lastPrint = System.nanoTime();
      double lossSum = 0;
      int lossCount = 0;
      while (step < total) {
        BatchStream.Batch batch = stream.next();
        float loss = session.trainStep(step, batch.images(), batch.labels());
        stream.recycle(batch);
        if (!Float.isFinite(loss)) {
          throw new IllegalStateException("the classifier's loss is " + loss + " at step " + step);
        }
        step++;
        lossSum += loss;
        lossCount++;
        boolean epochEnd = step % perEpoch == 0 || step == total;
        long now = System.nanoTime();
        if (now - lastPrint > 10e9 || epochEnd) {
          double elapsed = (now - start) / 1e9;
          progress.printf(
              "epoch %d step %d/%d  loss %.4f  %.0f img/s  ETA %s%n",
              (step - 1) / perEpoch + 1,
              step,
              total,
              lossSum / lossCount,
              step * r.batchSize() / elapsed,
              duration(elapsed / step * (total - step)));
          lastPrint = now;
          lossSum = 0;
          lossCount = 0;
        }
        if (epochEnd) {
          double accuracy = accuracy(session, test);
          accuracies.add(accuracy);
          progress.printf(
              "epoch %d: test accuracy %.4f (%d images)%n",
              (step - 1) / perEpoch + 1, accuracy, test.size());
        }
      }
      String prefix = work.resolve("model").toString();
      session.save(prefix);
      ClassifierExporter.export(r.net(), prefix, r.out());
    } finally {
      FileTrees.deleteRecursively(work);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Outcome outcome = new Outcome(r.out(), List.copyOf(accuracies), step, seconds);
    writeCard(r, train, test, outcome);
    return outcome;
  }

  /** Fraction of {@code data}'s images whose arg-max logit is their label. */
  static double accuracy(ClassifierSession session, ImageDataset data) {
    int pixels = data.imageSize();
    int correct = 0;
    for (int from = 0; from < data.size(); from += EVAL_BATCH) {
      int count = Math.min(EVAL_BATCH, data.size() - from);
      float[] images = new float[count * pixels];
      for (int i = 0; i < count; i++) {
        data.copyImage(from + i, images, i * pixels);
      }
      float[] logits = session.logits(images, count);
      for (int i = 0; i < count; i++) {
        if (argMax(logits, i * session.classes(), session.classes()) == data.label(from + i)) {
          correct++;
        }
      }
    }
    return (double) correct / data.size();
  }

  static int argMax(float[] values, int offset, int length) {
    int best = 0;
    for (int c = 1; c < length; c++) {
      if (values[offset + c] > values[offset + best]) {
        best = c;
      }
    }
    return best;
  }

  private static void writeCard(Request r, ImageDataset train, ImageDataset test, Outcome outcome)
      throws IOException {
    ObjectNode card = ConfigResolver.JSON.createObjectNode();
    card.put("format", ClassifierCard.FORMAT);
    card.put("dataset", r.dataset());
    card.put("architecture", ClassifierCard.describe(r.net()));
    card.put("conv1_filters", r.net().conv1());
    card.put("conv2_filters", r.net().conv2());
    card.put("features", r.net().features());
    card.put("dropout", r.net().dropout());
    card.put("epochs", r.epochs());
    card.put("steps", outcome.steps());
    card.put("batch_size", r.batchSize());
    card.put("learning_rate", ADAM.learningRate());
    card.put("seed", r.seed());
    card.put("train_images", train.size());
    card.put("test_images", test.size());
    card.put("test_accuracy", outcome.testAccuracy());
    var perEpoch = card.putArray("epoch_test_accuracy");
    outcome.epochTestAccuracy().forEach(perEpoch::add);
    card.put("train_seconds", Math.round(outcome.seconds()));
    card.put("date", LocalDate.now().toString());
    card.put("command", r.command());
    FileTrees.writeFile(
        r.out().resolve(ClassifierCard.FILE),
        temp ->
            ConfigResolver.JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), card));
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return String.format("%d:%02d", s / 60, s % 60);
  }
}
