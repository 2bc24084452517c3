package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgan.BadInputException;
import dev.jgan.config.Augment;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.ImageDataset;
import dev.jgan.data.ImageSet;
import dev.jgan.data.MappedImageSet;
import dev.jgan.data.TestStores;
import dev.jgan.run.RunFolder;
import dev.jgan.train.checkpoint.Checkpoints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on a small synthetic data set: runs everywhere, no download. */
class TrainRunTest {
  @Test
  void trainsAndWritesConfigMetricsSamplesCheckpointAndExport(@TempDir Path dir) throws Exception {
    TrainConfig config =
        new ConfigResolver()
            .preset("tiny")
            .flags(Map.of("epochs", 2, "max_steps", 0L, "batch_size", 8))
            .resolve();
    ImageDataset images = stripes(40);
    RunFolder folder = RunFolder.check(dir.resolve("run"));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    TrainRun.Outcome outcome =
        TrainRun.startNew(
            config,
            images,
            folder,
            new TrainRun.Console(new PrintStream(progress), false, () -> false));

    // 40 images / batch 8 = 5 steps per epoch, 2 epochs.
    assertEquals(10, outcome.steps());
    List<String> lines = Files.readAllLines(folder.metrics());
    assertEquals(10, lines.size());
    JsonNode last = ConfigResolver.JSON.readTree(lines.get(9));
    assertEquals(10, last.get("step").asInt());
    assertEquals(2, last.get("epoch").asInt());
    for (String key : List.of("d_loss", "g_loss", "d_real", "d_fake", "images_per_sec")) {
      assertTrue(last.get(key).isNumber(), key);
    }
    var grid = ImageIO.read(folder.samples().resolve("epoch-002.png").toFile());
    // 4 x 4 grid of 28-pixel images shown at 2x, with 2-pixel gaps
    assertEquals(4 * (56 + 2) + 2, grid.getWidth());
    assertTrue(Files.exists(folder.samples().resolve("epoch-001.png")));
    assertTrue(Files.exists(folder.export().resolve("saved_model.pb")));
    assertTrue(Files.exists(outcome.checkpoint().resolve("model.index")));
    assertTrue(progress.toString().contains("step 10/10"), progress.toString());
    // TensorBoard: d_loss at every step, the grid after each epoch (steps 5 and 10).
    List<org.tensorflow.proto.Event> events =
        dev.jgan.monitor.EventFiles.read(folder.tensorboard());
    List<Long> lossSteps = new java.util.ArrayList<>();
    List<Long> gridSteps = new java.util.ArrayList<>();
    for (org.tensorflow.proto.Event event : events) {
      for (org.tensorflow.proto.Summary.Value value : event.getSummary().getValueList()) {
        if (value.getTag().equals("d_loss")) {
          lossSteps.add(event.getStep());
        } else if (value.getTag().equals("samples/image")) {
          gridSteps.add(event.getStep());
        }
      }
    }
    assertEquals(java.util.stream.LongStream.rangeClosed(1, 10).boxed().toList(), lossSteps);
    assertEquals(List.of(5L, 10L), gridSteps);
    // config.json reproduces the run's settings
    assertEquals(config, new ConfigResolver().file(folder.config()).resolve());
  }

  /** A budget ends the run at a step boundary as its last step: grid, checkpoint and export. */
  @Test
  void aTimeBudgetEndsTheRunLikeItsLastStep(@TempDir Path dir) throws Exception {
    TrainConfig config =
        new ConfigResolver()
            .preset("tiny")
            .flags(Map.of("epochs", 100_000, "max_steps", 0L, "batch_size", 8, "time_budget", "3s"))
            .resolve();
    RunFolder folder = RunFolder.check(dir.resolve("run"));
    long start = System.nanoTime();
    TrainRun.Outcome outcome =
        TrainRun.startNew(
            config,
            stripes(40),
            folder,
            new TrainRun.Console(new PrintStream(new ByteArrayOutputStream()), false, () -> false));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertFalse(outcome.stopped(), "a spent budget finishes the run; it is not a stop");
    assertTrue(outcome.steps() > 0 && outcome.steps() < 100_000L * 5, "" + outcome.steps());
    assertTrue(seconds >= 3, "trained for the budget: " + seconds + " s");
    assertEquals(outcome.steps(), Files.readAllLines(folder.metrics()).size());
    long epoch = (outcome.steps() + 4) / 5; // the epoch of the last step, partial or not
    assertTrue(
        Files.exists(folder.samples().resolve(String.format("epoch-%03d.png", epoch))),
        "a grid of the last step's epoch");
    assertTrue(Files.exists(folder.export().resolve("saved_model.pb")));
    assertEquals(
        "3s", ConfigResolver.JSON.readTree(folder.config().toFile()).get("time_budget").asText());
  }

  @Test
  void twoEpochsResumedForTwoMoreEqualFourStraightEpochsBitwise(@TempDir Path dir)
      throws Exception {
    TrainConfig four = fourTinyEpochs(Map.of("keep", 2));
    RunFolder split = assertResumeIsBitwise(four, stripes(40), dir, 10, 20);
    // keep = 2: only the newest two checkpoints remain
    assertEquals(2, new Checkpoints(split.checkpoints(), 2).list().size());
  }

  /**
   * The same run on an image folder's store on disk, 7 records per shard so that batches of 8 read
   * across shard boundaries: it resumes bit for bit, and trains bit for bit as the same images in
   * memory.
   */
  @Test
  void aRunOnTheDiskStoreResumesBitwiseAndEqualsTheSameImagesInMemory(@TempDir Path dir)
      throws Exception {
    // Fed batches: a set this small would otherwise be read into the graph, not off the disk.
    TrainConfig four = fourTinyEpochs(Map.of("keep", 2, "batch_source", "feed"));
    ImageSet disk = TestStores.onDisk(stripes(40), dir.resolve("data"), 7);
    assertTrue(disk instanceof MappedImageSet);
    RunFolder split = assertResumeIsBitwise(four, disk, dir.resolve("disk"), 10, 20);

    ImageDataset memory = TestStores.inMemory(disk);
    assertArrayEquals(
        TestStores.bytes(memory), TestStores.bytes(stripes(40))); // PNG round trip is exact
    RunFolder inMemory = RunFolder.check(dir.resolve("memory"));
    TrainRun.Outcome m = TrainRun.startNew(four, memory, inMemory, TrainRun.Console.quiet());
    Path last = new Checkpoints(split.checkpoints(), 2).latest().orElseThrow().dir();
    assertArrayEquals(
        Files.readAllBytes(m.checkpoint().resolve("model.data-00000-of-00001")),
        Files.readAllBytes(last.resolve("model.data-00000-of-00001")));
    assertEquals(withoutTiming(inMemory.metrics()), withoutTiming(split.metrics()));

    // The store read once into the graph trains the same run again.
    RunFolder graph = RunFolder.check(dir.resolve("graph"));
    TrainRun.Outcome g =
        TrainRun.startNew(
            fourTinyEpochs(Map.of("keep", 2, "batch_source", "graph")),
            disk,
            graph,
            TrainRun.Console.quiet());
    assertArrayEquals(
        Files.readAllBytes(g.checkpoint().resolve("model.data-00000-of-00001")),
        Files.readAllBytes(last.resolve("model.data-00000-of-00001")));
  }

  /** The simultaneous step is as deterministic: its two updates wait for both gradients. */
  @Test
  void aSimultaneousRunResumesBitwiseAndDiffersFromAnAlternatingOne(@TempDir Path dir)
      throws Exception {
    TrainConfig simultaneous = fourTinyEpochs(Map.of("update", "simultaneous"));
    RunFolder split = assertResumeIsBitwise(simultaneous, stripes(40), dir, 10, 20);
    assertTrue(Files.readString(split.config()).contains("\"update\" : \"simultaneous\""));

    TrainConfig alternating = fourTinyEpochs(Map.of());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    RunFolder other = RunFolder.check(dir.resolve("alternating"));
    TrainRun.Outcome a =
        TrainRun.startNew(
            alternating, stripes(40), other, new TrainRun.Console(quiet, false, () -> false));
    assertWeightsDiffer(a, split, "the update option must change training");
  }

  /**
   * DiffAugment's draws are the step seed's: an augmented run resumes bit for bit, keeps its
   * policies in config.json (in their order, however they were written), trains to finite losses,
   * and trains otherwise than a plain run.
   */
  @Test
  void anAugmentedRunResumesBitwiseKeepsItsPoliciesAndDiffersFromAPlainOne(@TempDir Path dir)
      throws Exception {
    TrainConfig augmented = fourTinyEpochs(Map.of("augment", "translation,cutout,color"));
    assertEquals(List.of(Augment.COLOR, Augment.TRANSLATION, Augment.CUTOUT), augmented.augment());
    RunFolder split = assertResumeIsBitwise(augmented, stripes(40), dir, 10, 20);
    JsonNode saved = ConfigResolver.JSON.readTree(split.config().toFile()).get("augment");
    assertEquals("[\"color\",\"translation\",\"cutout\"]", saved.toString());
    assertEquals(augmented.augment(), split.readConfig().orElseThrow().augment());
    for (String line : Files.readAllLines(split.metrics())) {
      JsonNode metrics = ConfigResolver.JSON.readTree(line);
      for (String loss : List.of("d_loss", "g_loss")) {
        assertTrue(
            metrics.get(loss).isNumber() && Double.isFinite(metrics.get(loss).asDouble()), line);
      }
    }

    RunFolder plain = RunFolder.check(dir.resolve("plain"));
    TrainRun.Outcome p =
        TrainRun.startNew(fourTinyEpochs(Map.of()), stripes(40), plain, TrainRun.Console.quiet());
    assertWeightsDiffer(p, split, "augmentation must change training");
  }

  /** The final weights of {@code other} are not those of {@code run}'s newest checkpoint. */
  private static void assertWeightsDiffer(TrainRun.Outcome other, RunFolder run, String message)
      throws java.io.IOException {
    assertFalse(
        java.util.Arrays.equals(
            Files.readAllBytes(other.checkpoint().resolve("model.data-00000-of-00001")),
            Files.readAllBytes(
                new Checkpoints(run.checkpoints(), 3)
                    .latest()
                    .orElseThrow()
                    .dir()
                    .resolve("model.data-00000-of-00001"))),
        message);
  }

  @Test
  void conditionalRunResumesBitwiseStoresItsClassesAndDrawsOneRowPerClass(@TempDir Path dir)
      throws Exception {
    TrainConfig four =
        new ConfigResolver()
            .preset("tiny")
            .flags(
                Map.of(
                    "epochs", 4, "max_steps", 0L, "batch_size", 8, "conditional", true, "keep", 2))
            .resolve();
    assertEquals(0, four.classes(), "0 until the data is known");
    RunFolder split = assertResumeIsBitwise(four, stripes(40), dir, 10, 20);

    // stripes have labels 0..9: config.json holds the resolved count, a valid --config
    TrainConfig saved = new ConfigResolver().file(split.config()).resolve();
    assertTrue(saved.conditional());
    assertEquals(10, saved.classes());
    // 10 class rows x 4 (sample_grid) columns of 28-pixel images at 2x, 2-pixel gaps
    var grid = ImageIO.read(split.samples().resolve("epoch-004.png").toFile());
    assertEquals(4 * (56 + 2) + 2, grid.getWidth());
    assertEquals(10 * (56 + 2) + 2, grid.getHeight());
    // the export takes labels
    try (var g = dev.jgan.generate.GeneratorModel.load(split.root(), null)) {
      assertEquals(10, g.classes());
    }
  }

  /**
   * Fed batches resume as bitwise as gathered ones, and a run is the same run whichever way its
   * batches come: the noise is the graph's either way.
   */
  @Test
  void aFedRunResumesBitwiseAndEqualsAGatheredOne(@TempDir Path dir) throws Exception {
    TrainConfig fed = fourTinyEpochs(Map.of("conditional", true, "batch_source", "feed"));
    RunFolder split = assertResumeIsBitwise(fed, stripes(40), dir.resolve("fed"), 10, 20);

    TrainConfig gathered = fourTinyEpochs(Map.of("conditional", true, "batch_source", "graph"));
    RunFolder graph = RunFolder.check(dir.resolve("graph"));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    TrainRun.Outcome g =
        TrainRun.startNew(
            gathered, stripes(40), graph, new TrainRun.Console(quiet, false, () -> false));
    assertArrayEquals(
        Files.readAllBytes(g.checkpoint().resolve("model.data-00000-of-00001")),
        Files.readAllBytes(
            new Checkpoints(split.checkpoints(), 3)
                .latest()
                .orElseThrow()
                .dir()
                .resolve("model.data-00000-of-00001")));
    assertEquals(withoutTiming(graph.metrics()), withoutTiming(split.metrics()));
  }

  @Test
  void conditionalNeedsTwoClassesAndLabelsThatFitTheConfig(@TempDir Path dir) throws Exception {
    TrainConfig config =
        new ConfigResolver()
            .preset("tiny")
            .flags(Map.of("batch_size", 8, "conditional", true))
            .resolve();
    ImageDataset oneClass = stripes(40, 1);
    RunFolder folder = RunFolder.check(dir.resolve("run"));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    BadInputException single =
        assertThrows(
            BadInputException.class,
            () ->
                TrainRun.startNew(
                    config, oneClass, folder, new TrainRun.Console(quiet, false, () -> false)));
    assertTrue(single.getMessage().contains("at least 2 classes"), single.getMessage());
    assertTrue(single.getMessage().contains("drop --conditional"), single.getMessage());
    assertFalse(Files.exists(folder.root()), "bad input creates no run folder");

    BadInputException tooMany =
        assertThrows(
            BadInputException.class,
            () -> TrainRun.resolveClasses(config.withClasses(5), stripes(40)));
    assertTrue(tooMany.getMessage().contains("has 10 classes"), tooMany.getMessage());
    assertEquals(10, TrainRun.resolveClasses(config, stripes(40)).classes());
    assertEquals(12, TrainRun.resolveClasses(config.withClasses(12), stripes(40)).classes());
    // unconditional configs ignore labels
    TrainConfig plain = new ConfigResolver().preset("tiny").resolve();
    assertEquals(plain, TrainRun.resolveClasses(plain, oneClass));
  }

  /**
   * Issue 26: a batch the data cannot fill, or images the model does not take, fail before the run
   * folder is made, so that the corrected command can use the same --out.
   */
  @Test
  void aBatchLargerThanTheDataFailsBeforeTheFolderIsMade(@TempDir Path dir) throws Exception {
    TrainConfig config = new ConfigResolver().preset("tiny").resolve(); // batch 64 by default
    assertTrue(config.batchSize() > 3, "the default batch: " + config.batchSize());
    assertRefusedWithoutFolder(config, stripes(3), dir, "larger than the data set");
  }

  @Test
  void aHugeBatchFailsBeforeTheFolderIsMade(@TempDir Path dir) throws Exception {
    TrainConfig config =
        new ConfigResolver().preset("tiny").flags(Map.of("batch_size", 100_000_000)).resolve();
    assertRefusedWithoutFolder(config, stripes(40), dir, "--batch-size 100000000");
  }

  @Test
  void imagesOfAnotherShapeFailBeforeTheFolderIsMade(@TempDir Path dir) throws Exception {
    TrainConfig config =
        new ConfigResolver().preset("tiny").flags(Map.of("batch_size", 8)).resolve();
    ImageDataset larger = new ImageDataset("32px", 32, 32, 1, new byte[40 * 32 * 32], new byte[40]);
    assertRefusedWithoutFolder(config, larger, dir, "check --image-size");
  }

  /** The run is refused with {@code message}, no folder exists, and batch 8 then trains there. */
  private static void assertRefusedWithoutFolder(
      TrainConfig config, ImageSet images, Path dir, String message) throws Exception {
    Path out = dir.resolve("run");
    BadInputException refused =
        assertThrows(
            BadInputException.class,
            () ->
                TrainRun.startNew(config, images, RunFolder.check(out), TrainRun.Console.quiet()));
    assertTrue(refused.getMessage().contains(message), refused.getMessage());
    assertFalse(Files.exists(out), "bad input creates no run folder");
    TrainConfig corrected =
        new ConfigResolver()
            .preset("tiny")
            .flags(Map.of("batch_size", 2, "epochs", 1, "max_steps", 1L))
            .resolve();
    TrainRun.Outcome retry =
        TrainRun.startNew(corrected, stripes(40), RunFolder.check(out), TrainRun.Console.quiet());
    assertEquals(1, retry.steps(), "the corrected command trains into the same folder");
  }

  @Test
  void aStopRequestEndsAfterTheStepWithACheckpointAndNoExport(@TempDir Path dir) throws Exception {
    TrainConfig config =
        new ConfigResolver().preset("tiny").flags(Map.of("batch_size", 8)).resolve();
    RunFolder folder = RunFolder.check(dir.resolve("run"));
    int[] polls = {0};
    TrainRun.Outcome outcome =
        TrainRun.startNew(
            config,
            stripes(40),
            folder,
            new TrainRun.Console(
                new PrintStream(new ByteArrayOutputStream()), false, () -> ++polls[0] >= 3));
    assertTrue(outcome.stopped());
    assertEquals(3, outcome.steps());
    assertEquals(3, new Checkpoints(folder.checkpoints(), 3).latest().orElseThrow().step());
    assertFalse(Files.exists(folder.export()));
  }

  @Test
  void resumeRejectsRunsWithoutCheckpointAndDamagedCheckpoints(@TempDir Path dir) throws Exception {
    TrainConfig config =
        new ConfigResolver().preset("tiny").flags(Map.of("batch_size", 8)).resolve();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    RunFolder folder = RunFolder.check(dir.resolve("run"));
    TrainRun.startNew(config, stripes(40), folder, new TrainRun.Console(quiet, false, () -> false));

    BadInputException notARun =
        assertThrows(
            BadInputException.class,
            () -> TrainRun.planResume(dir.resolve("nothing"), 2, null, null));
    assertTrue(notARun.getMessage().contains("not a run folder"), notARun.getMessage());

    TrainRun.ResumePlan plan = TrainRun.planResume(folder.root(), 2, null, null);
    Checkpoints.Checkpoint newest = plan.from().orElseThrow();
    Path data = newest.dir().resolve("model.data-00000-of-00001");
    byte[] bytes = Files.readAllBytes(data);
    Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    BadInputException damaged =
        assertThrows(
            BadInputException.class,
            () ->
                TrainRun.train(
                    new TrainRun.Request(
                        plan.config(),
                        stripes(40),
                        plan.folder(),
                        plan.from(),
                        new TrainRun.Console(quiet, false, () -> false))));
    assertTrue(damaged.getMessage().contains(newest.dir().toString()), damaged.getMessage());
  }

  /** Killed before its first checkpoint: --resume starts again at step 0 with its config.json. */
  @Test
  void resumeOfARunWithoutCheckpointStartsAtStepZeroAndSaysSo(@TempDir Path dir) throws Exception {
    TrainConfig config =
        new ConfigResolver().preset("tiny").flags(Map.of("batch_size", 8, "epochs", 1)).resolve();
    RunFolder folder = RunFolder.check(dir.resolve("run"));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    TrainRun.startNew(config, stripes(40), folder, new TrainRun.Console(quiet, false, () -> false));
    for (Checkpoints.Checkpoint c : new Checkpoints(folder.checkpoints(), 3).list()) {
      dev.jgan.FileTrees.deleteRecursively(c.dir()); // as after a kill -9 before the first one
    }
    Files.writeString(folder.metrics(), "{\"step\":1}\n{\"step\":2,\"torn");

    TrainRun.ResumePlan plan = TrainRun.planResume(folder.root(), null, null, null);
    assertTrue(plan.from().isEmpty());
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    TrainRun.Outcome outcome =
        TrainRun.resume(
            folder.root(),
            null,
            null,
            null,
            new TrainRun.Console(new PrintStream(progress), false, () -> false),
            stripes(40));
    assertEquals(5, outcome.steps());
    assertTrue(progress.toString().contains("starting at step 0"), progress.toString());
    assertEquals(5, Files.readAllLines(folder.metrics()).size(), "the old lines are gone");
    assertTrue(Files.exists(folder.export().resolve("saved_model.pb")));
  }

  /**
   * A checkpoint by steps falls mid-epoch (step 6 of 5-step epochs); a run killed after step 8 and
   * resumed from it ends bit for bit as a straight one.
   */
  @Test
  void aKillAfterAMidEpochCheckpointResumesBitwise(@TempDir Path dir) throws Exception {
    TrainConfig config =
        new ConfigResolver()
            .preset("tiny")
            .flags(
                Map.of(
                    "epochs", 4,
                    "max_steps", 0L,
                    "batch_size", 8,
                    "checkpoint_every", 100,
                    "checkpoint_every_steps", 3L,
                    "keep", 10))
            .resolve();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    RunFolder straight = RunFolder.check(dir.resolve("straight"));
    TrainRun.Outcome a =
        TrainRun.startNew(
            config, stripes(40), straight, new TrainRun.Console(quiet, false, () -> false));

    RunFolder split = RunFolder.check(dir.resolve("split"));
    int[] polls = {0};
    TrainRun.startNew(
        config, stripes(40), split, new TrainRun.Console(quiet, false, () -> ++polls[0] >= 8));
    Checkpoints checkpoints = new Checkpoints(split.checkpoints(), 10);
    assertEquals(
        List.of(3L, 6L, 8L),
        checkpoints.list().stream().map(Checkpoints.Checkpoint::step).toList(),
        "every 3 steps, and the stop's");
    dev.jgan.FileTrees.deleteRecursively(checkpoints.latest().orElseThrow().dir()); // killed at 8

    TrainRun.ResumePlan plan = TrainRun.planResume(split.root(), null, null, null);
    assertEquals(6, plan.from().orElseThrow().step());
    TrainRun.Outcome b =
        TrainRun.train(
            new TrainRun.Request(
                plan.config(),
                stripes(40),
                plan.folder(),
                plan.from(),
                new TrainRun.Console(quiet, false, () -> false)));
    assertEquals(20, b.steps());
    assertArrayEquals(
        Files.readAllBytes(a.checkpoint().resolve("model.data-00000-of-00001")),
        Files.readAllBytes(b.checkpoint().resolve("model.data-00000-of-00001")));
    assertEquals(withoutTiming(straight.metrics()), withoutTiming(split.metrics()));
  }

  /**
   * Trains {@code four} straight, and for half its epochs then resumed to the end, and checks that
   * both end bit for bit alike: every variable (optimizer slots, moving statistics) and every
   * metric but the timing. Returns the resumed run's folder.
   */
  static RunFolder assertResumeIsBitwise(
      TrainConfig four, ImageSet images, Path dir, long halfway, long total) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    RunFolder straight = RunFolder.check(dir.resolve("straight"));
    TrainRun.Outcome a =
        TrainRun.startNew(four, images, straight, new TrainRun.Console(quiet, false, () -> false));

    RunFolder split = RunFolder.check(dir.resolve("split"));
    TrainRun.startNew(
        four.withLength(four.epochs() / 2, 0),
        images,
        split,
        new TrainRun.Console(quiet, false, () -> false));
    TrainRun.ResumePlan plan = TrainRun.planResume(split.root(), four.epochs(), null, null);
    assertEquals(halfway, plan.from().orElseThrow().step());
    TrainRun.Outcome b =
        TrainRun.train(
            new TrainRun.Request(
                plan.config(),
                images,
                plan.folder(),
                plan.from(),
                new TrainRun.Console(quiet, false, () -> false)));

    assertEquals(total, a.steps());
    assertEquals(total, b.steps());
    assertArrayEquals(
        Files.readAllBytes(a.checkpoint().resolve("model.data-00000-of-00001")),
        Files.readAllBytes(b.checkpoint().resolve("model.data-00000-of-00001")));
    assertEquals(withoutTiming(straight.metrics()), withoutTiming(split.metrics()));
    return split;
  }

  /** The tiny preset for 4 epochs of batch 8 (5 steps each on 40 images), with {@code extra}. */
  private static TrainConfig fourTinyEpochs(Map<String, Object> extra) {
    return new ConfigResolver()
        .preset("tiny")
        .flags(Map.of("epochs", 4, "max_steps", 0L, "batch_size", 8))
        .flags(extra)
        .resolve();
  }

  private static List<String> withoutTiming(Path metrics) throws Exception {
    return Files.readAllLines(metrics).stream()
        .map(line -> line.replaceAll(",\"images_per_sec\":[0-9.E-]+", ""))
        .toList();
  }

  /** Vertical stripes at varying positions: enough structure for a few steps. Labels 0..9. */
  static ImageDataset stripes(int count) {
    return stripes(count, 10);
  }

  /** Stripes with labels 0..classes-1 in turn. */
  static ImageDataset stripes(int count, int classes) {
    byte[] pixels = new byte[count * 28 * 28];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      int column = 4 + i % 20;
      for (int y = 0; y < 28; y++) {
        pixels[i * 784 + y * 28 + column] = (byte) 255;
      }
      labels[i] = (byte) (i % classes);
    }
    return new ImageDataset("stripes", 28, 28, 1, pixels, labels);
  }
}
