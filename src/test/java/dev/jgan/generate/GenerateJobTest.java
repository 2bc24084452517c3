package dev.jgan.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import dev.jgan.data.IdxImages;
import dev.jgan.data.IdxReader;
import dev.jgan.export.ImageGrid;
import dev.jgan.model.ImageShape;
import dev.jgan.random.Latents;
import dev.jgan.train.TestModels;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateJobTest {
  static final int LATENT = TestModels.LATENT;
  static final int PIXELS = 28 * 28;

  @TempDir static Path shared;
  static Path run;

  @BeforeAll
  static void trainAndExport() throws Exception {
    run = TestGenerators.mnistRun(shared);
  }

  static GenerateJob.Request request(Path out, OutputFormat format, int count, long seed) {
    return GenerateJob.Request.random(run, out, format, count, seed);
  }

  static GenerateJob.Request withBatch(GenerateJob.Request r, int batchSize) {
    return new GenerateJob.Request(
        r.model(),
        r.noise(),
        r.count(),
        r.countGiven(),
        r.seed(),
        r.out(),
        r.format(),
        r.zFile(),
        r.interpolate(),
        r.points(),
        r.steps(),
        r.path(),
        batchSize,
        r.label(),
        r.labels());
  }

  static GenerateJob.Request withZFile(GenerateJob.Request r, Path zFile, boolean interpolate) {
    return new GenerateJob.Request(
        r.model(),
        r.noise(),
        r.count(),
        false,
        r.seed(),
        r.out(),
        r.format(),
        zFile,
        interpolate,
        r.points(),
        r.steps(),
        r.path(),
        r.batchSize(),
        r.label(),
        r.labels());
  }

  static GenerateJob.Request interpolation(
      Path out, OutputFormat format, int points, int steps, Interpolation path) {
    return new GenerateJob.Request(
        run, null, 100, false, 42, out, format, null, true, points, steps, path, 256, null, null);
  }

  /**
   * What the SavedModel makes of the given latent vectors, straight through the loader, in batches
   * of {@code batchSize} (TensorFlow's matmul may round differently for other batch shapes).
   */
  static float[] modelOutput(float[][] z, int batchSize) {
    float[] out = new float[z.length * PIXELS];
    try (GeneratorModel model = GeneratorModel.load(run, null)) {
      for (int from = 0; from < z.length; from += batchSize) {
        int n = Math.min(batchSize, z.length - from);
        float[] flat = new float[n * LATENT];
        for (int i = 0; i < n; i++) {
          System.arraycopy(z[from + i], 0, flat, i * LATENT, LATENT);
        }
        System.arraycopy(model.generate(flat, n), 0, out, from * PIXELS, n * PIXELS);
      }
    }
    return out;
  }

  static float[][] randomZ(long seed, int count) {
    float[][] z = new float[count][];
    for (int i = 0; i < count; i++) {
      z[i] = Latents.random(seed, LATENT, false).vector(i);
    }
    return z;
  }

  static float[] readNpyData(Path file, int count) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    int dataStart = 10 + ((bytes[8] & 0xff) | (bytes[9] & 0xff) << 8);
    assertEquals(dataStart + count * PIXELS * 4, bytes.length);
    float[] data = new float[count * PIXELS];
    ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(data);
    return data;
  }

  static List<String> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void loadsRunFolderAndSavedModelFolder() {
    try (GeneratorModel model = GeneratorModel.load(run, null)) {
      assertEquals(LATENT, model.latentDim());
      assertEquals("uniform", model.noise());
      assertEquals(ImageShape.MNIST, model.imageShape());
    }
    try (GeneratorModel model = GeneratorModel.load(run.resolve("export"), "normal")) {
      assertEquals(LATENT, model.latentDim(), "latent width from the signature");
      assertEquals("normal", model.noise());
    }
  }

  @Test
  void gridWritesOnePngOfTheRightSize(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    GenerateJob.Summary s =
        GenerateJob.run(withBatch(request(out, OutputFormat.GRID, 10, 1), 3), null);
    assertEquals(List.of("grid.png"), list(out));
    assertEquals(10, s.images());
    BufferedImage grid = ImageIO.read(out.resolve("grid.png").toFile());
    // 4 columns x 3 rows of 28 * 2 (viewing scale) pixels, 2-pixel padding
    assertEquals(4 * 58 + 2, grid.getWidth());
    assertEquals(3 * 58 + 2, grid.getHeight());
  }

  @Test
  void pngWritesOneImagePerSampleWithTheModelsPixels(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    GenerateJob.run(withBatch(request(out, OutputFormat.PNG, 5, 7), 2), null);
    assertEquals(
        List.of("000000.png", "000001.png", "000002.png", "000003.png", "000004.png"), list(out));
    float[] expected = modelOutput(randomZ(7, 5), 2);
    for (int i = 0; i < 5; i++) {
      BufferedImage image = ImageIO.read(out.resolve(String.format("%06d.png", i)).toFile());
      assertEquals(28, image.getWidth());
      assertEquals(28, image.getHeight());
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          assertEquals(
              ImageGrid.toByte(expected[i * PIXELS + y * 28 + x]),
              image.getRaster().getSample(x, y, 0));
        }
      }
    }
  }

  @Test
  void idxReadsBackAsQuantizedModelOutput(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    GenerateJob.run(withBatch(request(out, OutputFormat.IDX, 7, 5), 3), null);
    assertEquals(List.of("images-idx3-ubyte"), list(out));
    IdxImages images;
    try (InputStream in = Files.newInputStream(out.resolve("images-idx3-ubyte"))) {
      images = IdxReader.readImages(in, "generated");
    }
    assertEquals(7, images.count());
    assertEquals(28, images.rows());
    assertEquals(28, images.cols());
    float[] expected = modelOutput(randomZ(5, 7), 3);
    byte[] quantized = new byte[expected.length];
    for (int i = 0; i < expected.length; i++) {
      quantized[i] = (byte) Math.max(0, Math.min(255, Math.round((expected[i] + 1) * 127.5f)));
    }
    assertArrayEquals(quantized, images.pixels());
    // not a constant image: the check above would pass trivially otherwise
    assertTrue(new java.util.HashSet<>(Arrays.asList(box(images.pixels()))).size() > 10);
  }

  private static Byte[] box(byte[] b) {
    Byte[] out = new Byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i];
    }
    return out;
  }

  @Test
  void npyHeaderParsesAndHoldsTheModelOutput(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    GenerateJob.run(withBatch(request(out, OutputFormat.NPY, 6, 9), 4), null);
    assertEquals(List.of("images.npy"), list(out));
    byte[] bytes = Files.readAllBytes(out.resolve("images.npy"));
    String dict = NpyTest.checkHeader(bytes);
    assertTrue(dict.contains("'shape': (6, 28, 28, 1)"), dict);
    float[] actual = readNpyData(out.resolve("images.npy"), 6);
    assertArrayEquals(modelOutput(randomZ(9, 6), 4), actual, 0f);
    assertArrayEquals(actual, Npy.read(out.resolve("images.npy")).data(), 0f);
  }

  @Test
  void sameSeedSameImagesWhateverTheBatchSizeAndOtherSeedOthers(@TempDir Path dir)
      throws Exception {
    GenerateJob.run(withBatch(request(dir.resolve("a"), OutputFormat.NPY, 9, 42), 4), null);
    GenerateJob.run(withBatch(request(dir.resolve("a2"), OutputFormat.NPY, 9, 42), 4), null);
    GenerateJob.run(withBatch(request(dir.resolve("b"), OutputFormat.NPY, 9, 42), 256), null);
    GenerateJob.run(withBatch(request(dir.resolve("c"), OutputFormat.NPY, 9, 43), 4), null);
    byte[] a = Files.readAllBytes(dir.resolve("a/images.npy"));
    byte[] a2 = Files.readAllBytes(dir.resolve("a2/images.npy"));
    byte[] c = Files.readAllBytes(dir.resolve("c/images.npy"));
    assertArrayEquals(a, a2, "same seed, same settings: identical files");
    assertFalse(Arrays.equals(a, c), "another seed: other images");
    // z does not depend on batching; the floats may differ in the last bit (matmul blocking)
    assertArrayEquals(
        readNpyData(dir.resolve("a/images.npy"), 9),
        readNpyData(dir.resolve("b/images.npy"), 9),
        1e-5f);
    assertFalse(
        Arrays.equals(
            readNpyData(dir.resolve("a/images.npy"), 9),
            readNpyData(dir.resolve("c/images.npy"), 9)));
    // and the random images differ from each other
    float[] data = readNpyData(dir.resolve("a/images.npy"), 9);
    assertFalse(
        Arrays.equals(
            Arrays.copyOfRange(data, 0, PIXELS), Arrays.copyOfRange(data, PIXELS, 2 * PIXELS)));
  }

  @Test
  void zFileGivesOneImagePerVector(@TempDir Path dir) throws Exception {
    Path text =
        Files.writeString(
            dir.resolve("z.txt"), "# zero and ones\n0 0 0 0 0 0 0 0\n\n1,1,1,1, 1 1 1 1\n");
    GenerateJob.run(
        withZFile(request(dir.resolve("t"), OutputFormat.NPY, 100, 1), text, false), null);
    float[] fromText = readNpyData(dir.resolve("t/images.npy"), 2);
    float[][] z = {new float[LATENT], new float[LATENT]};
    Arrays.fill(z[1], 1f);
    assertArrayEquals(modelOutput(z, 256), fromText, 0f);

    // a 1-D .npy array [latent]: the all-zero vector
    Path npy = dir.resolve("zero.npy");
    byte[] header = Npy.float32Header(LATENT);
    Files.write(npy, Arrays.copyOf(header, header.length + LATENT * 4));
    GenerateJob.run(
        withZFile(request(dir.resolve("n"), OutputFormat.NPY, 100, 1), npy, false), null);
    assertArrayEquals(
        Arrays.copyOf(fromText, PIXELS), readNpyData(dir.resolve("n/images.npy"), 1), 1e-5f);
  }

  @Test
  void zFileOfTheWrongWidthNamesBothWidths(@TempDir Path dir) throws Exception {
    Path text = Files.writeString(dir.resolve("z.txt"), "0.1 0.2 0.3\n");
    Path out = dir.resolve("out");
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                GenerateJob.run(
                    withZFile(request(out, OutputFormat.NPY, 1, 1), text, false), null));
    assertTrue(e.getMessage().contains("width 3"), e.getMessage());
    assertTrue(e.getMessage().contains("latent width is 8"), e.getMessage());
    assertFalse(Files.exists(out), "bad input must write nothing");
  }

  @Test
  void interpolationWalksThroughThePointsRowBySegment(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("npy");
    GenerateJob.Summary s =
        GenerateJob.run(interpolation(out, OutputFormat.NPY, 3, 4, Interpolation.SLERP), null);
    assertEquals(8, s.images());
    float[] data = readNpyData(out.resolve("images.npy"), 8);
    float[] ends = modelOutput(randomZ(42, 3), 256);
    assertArrayEquals(
        Arrays.copyOfRange(ends, 0, PIXELS), Arrays.copyOfRange(data, 0, PIXELS), 1e-5f);
    // segment 0 ends and segment 1 starts at point 1
    assertArrayEquals(
        Arrays.copyOfRange(ends, PIXELS, 2 * PIXELS),
        Arrays.copyOfRange(data, 4 * PIXELS, 5 * PIXELS),
        1e-5f);
    assertArrayEquals(
        Arrays.copyOfRange(ends, PIXELS, 2 * PIXELS),
        Arrays.copyOfRange(data, 3 * PIXELS, 4 * PIXELS),
        1e-5f);
    assertArrayEquals(
        Arrays.copyOfRange(ends, 2 * PIXELS, 3 * PIXELS),
        Arrays.copyOfRange(data, 7 * PIXELS, 8 * PIXELS),
        1e-5f);

    Path gridOut = dir.resolve("grid");
    GenerateJob.run(interpolation(gridOut, OutputFormat.GRID, 3, 4, Interpolation.LINEAR), null);
    BufferedImage grid = ImageIO.read(gridOut.resolve("grid.png").toFile());
    assertEquals(4 * 58 + 2, grid.getWidth(), "one column per step");
    assertEquals(2 * 58 + 2, grid.getHeight(), "one row per segment");
  }

  @Test
  void badSettingsAreRejectedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    assertThrows(
        BadInputException.class,
        () -> GenerateJob.run(request(out, OutputFormat.GRID, 0, 1), null));
    assertThrows(
        BadInputException.class,
        () -> GenerateJob.run(request(out, OutputFormat.GRID, -3, 1), null));
    assertThrows(
        BadInputException.class,
        () ->
            GenerateJob.run(
                interpolation(out, OutputFormat.GRID, 2, 1, Interpolation.LINEAR), null));
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                GenerateJob.run(
                    GenerateJob.Request.random(
                        dir.resolve("nowhere"), out, OutputFormat.GRID, 1, 1),
                    null));
    assertTrue(e.getMessage().contains("nowhere does not exist"), e.getMessage());
    Files.createDirectories(dir.resolve("empty"));
    e =
        assertThrows(
            BadInputException.class,
            () ->
                GenerateJob.run(
                    GenerateJob.Request.random(dir.resolve("empty"), out, OutputFormat.GRID, 1, 1),
                    null));
    assertTrue(e.getMessage().contains("neither a run folder"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void existingFilesAreNeverOverwritten(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    GenerateJob.run(request(out, OutputFormat.GRID, 4, 1), null);
    byte[] before = Files.readAllBytes(out.resolve("grid.png"));
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> GenerateJob.run(request(out, OutputFormat.GRID, 9, 2), null));
    assertTrue(e.getMessage().contains("grid.png"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(out.resolve("grid.png")));
    assertEquals(List.of("grid.png"), list(out), "no staging leftovers");
  }

  @Test
  void idxRefusesColourImages(@TempDir Path dir) throws Exception {
    Path colour = TestGenerators.colourRun(dir.resolve("colour"));
    Path out = dir.resolve("out");
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                GenerateJob.run(
                    GenerateJob.Request.random(colour, out, OutputFormat.IDX, 3, 1), null));
    assertTrue(e.getMessage().contains("8x8x3"), e.getMessage());
    assertFalse(Files.exists(out));
    // the other formats take colour images
    GenerateJob.run(GenerateJob.Request.random(colour, out, OutputFormat.NPY, 3, 1), null);
    assertTrue(
        NpyTest.checkHeader(Files.readAllBytes(out.resolve("images.npy")))
            .contains("'shape': (3, 8, 8, 3)"));
    GenerateJob.run(GenerateJob.Request.random(colour, out, OutputFormat.PNG, 3, 1), null);
    assertEquals(3, ImageIO.read(out.resolve("000002.png").toFile()).getRaster().getNumBands());
  }
}
