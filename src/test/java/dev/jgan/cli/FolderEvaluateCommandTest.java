package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.FileTrees;
import dev.jgan.TestFiles;
import dev.jgan.config.ConfigResolver;
import dev.jgan.eval.folder.FolderReport;
import dev.jgan.export.ImageGrid;
import dev.jgan.generate.TestGenerators;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'gan evaluate' on a run trained on an image folder, through the CLI: a tiny GAN trained for a few
 * steps on a folder of drawn houses, its report, nearest.png, the cached feature network (trained
 * on a test budget), and the folder run's bad input.
 */
class FolderEvaluateCommandTest {
  private static final int IMAGES = 48;

  /** The feature network's test budget: 5 epochs of the 38 training images' 8 variants. */
  private static final String BUDGET = "1520";

  /** FolderFeatureNet.TRAINING_IMAGES_PROPERTY (package-private there). */
  private static final String BUDGET_PROPERTY = "jgan.test.folder-feature-images";

  private static final String TRAINING_LINE = "training the folder's feature network";

  @TempDir static Path dir;
  private static Path cache;
  private static Path images;
  private static Path run;
  private static String previousCache;
  private static String previousBudget;

  @BeforeAll
  static void trainOnAFolderOfHouses() throws Exception {
    previousCache = System.getProperty("jgan.cache");
    previousBudget = System.getProperty(BUDGET_PROPERTY);
    cache = dir.resolve("cache");
    System.setProperty("jgan.cache", cache.toString());
    System.setProperty(BUDGET_PROPERTY, BUDGET);
    images = houses(dir.resolve("houses"), IMAGES);
    run = dir.resolve("run");
    TrainCommandTest.Captured c =
        TrainCommandTest.run(
            "train",
            "--model",
            "dcgan-bn",
            "--dataset",
            "folder",
            "--data",
            images.toString(),
            "--image-size",
            "32",
            "--base-width",
            "4",
            "--latent-dim",
            "8",
            "--batch-size",
            "8",
            "--max-steps",
            "3",
            "--sample-grid",
            "2",
            "--out",
            run.toString());
    assertEquals(0, c.exit(), c.err());
  }

  @AfterAll
  static void restoreProperties() {
    restore("jgan.cache", previousCache);
    restore(BUDGET_PROPERTY, previousBudget);
  }

  @Test
  void evaluatesAgainstTheFolderAndReusesTheCachedFeatureNetwork() throws Exception {
    // Another test may have evaluated this run already: start from no cached network.
    FileTrees.deleteRecursively(cache.resolve("folder-features"));
    FileTrees.deleteRecursively(cache.resolve("eval-reference"));
    TrainCommandTest.Captured first =
        TrainCommandTest.run("evaluate", "--model", run.toString(), "--count", "50");
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.err().contains(TRAINING_LINE), first.err());
    String table = first.out();
    assertTrue(table.contains("feature space: the " + FolderReport.SPACE), table);
    assertTrue(table.contains("vs its 38 images"), table);
    assertTrue(table.contains("10 held-out images"), table);
    assertTrue(table.contains("no copies") || table.contains("COPIES"), table);
    // The reference rows in order: held out, noise, one image; KID's floor is the held-out row.
    int heldOut = line(table, "  10 held-out images");
    int noise = line(table, "  uniform noise");
    int one = line(table, "  one held-out image x N");
    assertTrue(heldOut < noise && noise < one, table);
    assertTrue(kid(table, heldOut) < kid(table, one), table);

    // nearest.png in the run folder: 10 rows of a sample and its 5 nearest, at 2x (64 px cells).
    Path png = run.resolve("nearest.png");
    BufferedImage grid = ImageIO.read(png.toFile());
    assertNotNull(grid, "not a readable PNG: " + png);
    int cell = 32 * ImageGrid.viewingScale(new dev.jgan.model.ImageShape(32, 32, 3));
    assertEquals(6 * (cell + ImageGrid.PADDING) + ImageGrid.PADDING, grid.getWidth());
    assertEquals(10 * (cell + ImageGrid.PADDING) + ImageGrid.PADDING, grid.getHeight());

    // One feature network in the cache, no staging folder left beside it.
    List<Path> nets = list(cache.resolve("folder-features"));
    assertEquals(1, nets.size(), nets.toString());
    Path net = nets.get(0);
    assertTrue(Files.isRegularFile(net.resolve("saved_model.pb")), net.toString());
    FileTime trained = Files.getLastModifiedTime(net.resolve("saved_model.pb"));

    Path elsewhere = dir.resolve("elsewhere/nearest.png");
    Files.createDirectories(elsewhere.getParent());
    TrainCommandTest.Captured second =
        TrainCommandTest.run(
            "evaluate",
            "--model",
            run.resolve("export").toString(),
            "--count",
            "50",
            "--json",
            "--nearest",
            elsewhere.toString());
    assertEquals(0, second.exit(), second.err());
    assertFalse(second.err().contains(TRAINING_LINE), "trained again: " + second.err());
    assertEquals(nets, list(cache.resolve("folder-features")));
    assertEquals(trained, Files.getLastModifiedTime(net.resolve("saved_model.pb")));
    assertNotNull(ImageIO.read(elsewhere.toFile()), "--nearest " + elsewhere);

    JsonNode json = ConfigResolver.JSON.readTree(second.out());
    assertEquals(FolderReport.SPACE, json.at("/feature_space/name").asText());
    assertEquals(net.toString(), json.at("/feature_space/path").asText());
    assertTrue(json.at("/memorisation/copies").isBoolean(), second.out());
    assertTrue(json.at("/reference/held_out_vs_rest/kid").isNumber(), second.out());
    assertTrue(json.at("/reference_from_cache").asBoolean(), "reference rows not reused");
    assertEquals(elsewhere.toString(), json.at("/nearest_png").asText());
    assertEquals(images.toString(), json.at("/data").asText());
    double heldOutKid = json.at("/reference/held_out_vs_rest/kid").asDouble();
    assertTrue(heldOutKid < json.at("/reference/one_image/kid").asDouble(), second.out());
    assertTrue(heldOutKid < json.at("/reference/uniform_noise/kid").asDouble(), second.out());
  }

  @Test
  void aClassifierIsRefusedOnAFolderRun() {
    QuietCli.run("evaluate", "--model", run.toString(), "--classifier", dir.toString())
        .assertOneError(2, "--classifier is for mnist and fashion-mnist runs");
  }

  @Test
  void nearestIsRefusedOnAnMnistRun() throws Exception {
    Path mnist = TestGenerators.mnistRun(dir.resolve("mnist"));
    QuietCli.run(
            "evaluate",
            "--model",
            mnist.toString(),
            "--dataset",
            "mnist",
            "--nearest",
            dir.resolve("n.png").toString())
        .assertOneError(2, "--nearest is for folder runs");
  }

  @Test
  void aRunWhoseFolderIsGoneNamesItAndSuggestsData() throws Exception {
    // The run folder's config.json pointing at a folder deleted since.
    Path gone = Files.createDirectories(dir.resolve("gone-images"));
    Path moved =
        TestFiles.copyTree(
            run, dir.resolve("moved-run"), f -> !f.getFileName().toString().endsWith(".lock"));
    ObjectNode config =
        (ObjectNode) ConfigResolver.JSON.readTree(moved.resolve("config.json").toFile());
    config.put("data", gone.toString());
    ConfigResolver.JSON.writeValue(moved.resolve("config.json").toFile(), config);
    Files.delete(gone);
    QuietCli.Result r = QuietCli.run("evaluate", "--model", moved.toString());
    r.assertOneError(2, gone.toString());
    assertTrue(r.err().contains("pass --data"), r.err());
    // --data with its new place is what fixes it.
    QuietCli.Result fixed =
        QuietCli.run(
            "evaluate", "--model", moved.toString(), "--count", "10", "--data", images.toString());
    assertEquals(0, fixed.exit(), fixed.err());
  }

  @Test
  void aMissingDataFolderIsNamedAsTheFlagGivenNotAsTheRunsOwn() {
    Path missing = dir.resolve("no-such-folder");
    QuietCli.Result r =
        QuietCli.run("evaluate", "--model", run.toString(), "--data", missing.toString());
    r.assertOneError(2, "--data " + missing + " does not exist");
    assertFalse(r.err().contains("does not exist any more"), r.err());
  }

  /** Houses: a square with a triangular roof, in varied colours, sizes and places. */
  static Path houses(Path folder, int count) throws IOException {
    Files.createDirectories(folder);
    Random random = new Random(7);
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(150 + random.nextInt(100), 180 + random.nextInt(70), 255));
      g.fillRect(0, 0, 32, 32);
      int w = 12 + random.nextInt(8);
      int x = 2 + random.nextInt(32 - w - 4);
      int y = 12 + random.nextInt(20 - w / 2 - 2);
      g.setColor(new Color(random.nextInt(0xffffff)));
      g.fillRect(x, y, w, 32 - y - 2);
      g.setColor(new Color(120 + random.nextInt(120), random.nextInt(80), random.nextInt(80)));
      g.fillPolygon(new int[] {x - 2, x + w / 2, x + w + 2}, new int[] {y, y - w / 2, y}, 3);
      g.dispose();
      ImageIO.write(image, "png", folder.resolve(String.format("house%02d.png", i)).toFile());
    }
    return folder;
  }

  private static int line(String table, String prefix) {
    List<String> lines = table.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line '" + prefix + "' in:\n" + table);
  }

  /** The KID mean of a table row: the value before its '±'. */
  private static double kid(String table, int line) {
    String[] words = table.lines().toList().get(line).split("\\s+");
    for (int i = 1; i < words.length; i++) {
      if (words[i].equals("±")) {
        return Double.parseDouble(words[i - 1]);
      }
    }
    throw new AssertionError("no KID in: " + table.lines().toList().get(line));
  }

  private static List<Path> list(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.sorted().toList();
    }
  }

  private static void restore(String property, String previous) {
    if (previous == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, previous);
    }
  }
}
