package dev.jgan.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.cli.GanCli;
import dev.jgan.export.ImageGrid;
import dev.jgan.generate.Npy;
import dev.jgan.generate.TestGenerators;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {
  @Test
  void aSeedGivesTheImagesOfGanGenerate(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.mnistRun(dir);
    Npy.Array cli = ganGenerate(run, dir.resolve("out"), "--seed", "7", "--count", "5");
    try (Generator g = Generator.open(run)) {
      assertEquals(
          List.of(28, 28, 1, 8, 0),
          List.of(g.height(), g.width(), g.channels(), g.latentSize(), g.classes()));
      assertEquals(run.resolve("export"), g.savedModel());
      Images images = g.generate(7, 5);
      assertEquals(5, images.count());
      assertArrayEquals(cli.data(), images.pixels());
      // The same vectors given by hand make the same images; another seed makes others.
      assertArrayEquals(cli.data(), g.generate(g.latents(7, 0, 5)).pixels());
      assertFalse(java.util.Arrays.equals(cli.data(), g.generate(8, 5).pixels()));
    }
  }

  @Test
  void labelsChooseTheClassesOfAConditionalModel(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.conditionalRun(dir, 3);
    Npy.Array twos =
        ganGenerate(run, dir.resolve("a"), "--seed", "3", "--count", "4", "--label", "2");
    Npy.Array inTurn = ganGenerate(run, dir.resolve("b"), "--seed", "3", "--count", "4");
    try (Generator g = Generator.open(run.resolve("export"))) {
      assertTrue(g.conditional());
      assertEquals(3, g.classes());
      assertArrayEquals(twos.data(), g.generate(3, 4, 2).pixels());
      assertArrayEquals(inTurn.data(), g.generate(3, 4).pixels());
      assertArrayEquals(
          twos.data(), g.generate(g.latents(3, 0, 4), new int[] {2, 2, 2, 2}).pixels());
      IllegalArgumentException bad =
          assertThrows(IllegalArgumentException.class, () -> g.generate(3, 2, 3));
      assertTrue(bad.getMessage().contains("classes 0 to 2"), bad.getMessage());
      assertThrows(IllegalArgumentException.class, () -> g.generate(g.latents(3, 0, 2)));
    }
  }

  @Test
  void pngBytesHoldThePixelsAndTheGridTilesThem(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.colourRun(dir);
    try (Generator g = Generator.open(run)) {
      Images images = g.generate(1, 6);
      float[] second = images.pixels(1);
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(images.png(1)));
      assertEquals(8, png.getWidth());
      assertEquals(8, png.getHeight());
      int rgb = png.getRGB(3, 5);
      int at = (5 * 8 + 3) * 3;
      assertEquals(ImageGrid.toByte(second[at]), (rgb >> 16) & 0xff);
      assertEquals(ImageGrid.toByte(second[at + 1]), (rgb >> 8) & 0xff);
      assertEquals(ImageGrid.toByte(second[at + 2]), rgb & 0xff);
      assertEquals(6, images.images().size());
      BufferedImage grid = ImageIO.read(new ByteArrayInputStream(images.gridPng(3)));
      int cell = 8 * ImageGrid.viewingScale(new dev.jgan.model.ImageShape(8, 8, 3)) + 2;
      assertEquals(3 * cell + 2, grid.getWidth());
      assertEquals(2 * cell + 2, grid.getHeight());
    }
  }

  @Test
  void callersShareOneGenerator(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.mnistRun(dir);
    try (Generator g = Generator.open(run)) {
      float[] expected = g.generate(11, 3).pixels();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<float[]>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          calls.add(pool.submit(() -> g.generate(11, 3).pixels()));
        }
        for (Future<float[]> call : calls) {
          assertArrayEquals(expected, call.get());
        }
      } finally {
        pool.shutdownNow();
      }
      g.close();
      assertThrows(IllegalStateException.class, () -> g.generate(11, 1));
    }
  }

  @Test
  void missingAndForeignFoldersFailNamingTheFolder(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nothing");
    GeneratorLoadException e =
        assertThrows(GeneratorLoadException.class, () -> Generator.open(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

    Path notModel = Files.createDirectories(dir.resolve("empty"));
    e = assertThrows(GeneratorLoadException.class, () -> Generator.open(notModel));
    assertTrue(e.getMessage().contains("saved_model.pb"), e.getMessage());

    // A real SavedModel of another kind: the bundled MNIST classifier.
    Path classifier = Path.of("models/classifiers/mnist");
    e = assertThrows(GeneratorLoadException.class, () -> Generator.open(classifier));
    assertTrue(e.getMessage().contains(classifier.toString()), e.getMessage());
  }

  /** Runs gan generate --format npy into {@code out} and reads the images back. */
  static Npy.Array ganGenerate(Path run, Path out, String... args) throws Exception {
    List<String> all =
        new ArrayList<>(
            List.of(
                "generate", "--model", run.toString(), "--format", "npy", "--out", out.toString()));
    all.addAll(List.of(args));
    assertEquals(0, GanCli.execute(all.toArray(String[]::new)), all.toString());
    return Npy.read(out.resolve("images.npy"));
  }
}
