package dev.jgan.nativeapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgan.export.GeneratorExporter;
import dev.jgan.model.GanModel;
import dev.jgan.train.GanSession;
import dev.jgan.train.TestModels;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The exported generator is usable outside the JVM: native/gan-generate (TensorFlow's C API)
 * computes the same images as the Java SavedModel for the same z.
 */
class NativeConsumerTest {
  private static final int COUNT = 5;
  private static final int IMAGE = 28 * 28;

  @TempDir static Path dir;
  private static Path exportDir;
  private static Path binary;

  /** Skips unless a C toolchain is present, then builds the binary and exports a tiny model. */
  @BeforeAll
  static void buildAndExport() throws Exception {
    assumeTrue(
        System.getProperty("os.name").equals("Linux")
            && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
        "the TensorFlow C library in the Maven artifact is linux-x86_64 only");
    assumeTrue(onPath("gcc") && onPath("unzip"), "gcc or unzip not on the PATH");
    Run build = run(List.of("bash", "native/build.sh"));
    assertEquals(0, build.code, "native/build.sh failed:\n" + build.output);
    binary = Path.of("native/build/gan-generate").toAbsolutePath();
    assertTrue(Files.isExecutable(binary), build.output);

    GanModel model = TestModels.tinyMlp();
    try (GanSession s = new GanSession(model, TestModels.settings(5), 4)) {
      float[] real = TestModels.uniform(2, 4 * IMAGE);
      for (int i = 0; i < 3; i++) {
        s.trainStep(0, real, TestModels.uniform(30 + i, 4 * 8), TestModels.uniform(40 + i, 4 * 8));
      }
      s.save(dir.resolve("ckpt/ckpt").toString());
    }
    exportDir = dir.resolve("export");
    GeneratorExporter.export(model, dir.resolve("ckpt/ckpt").toString(), exportDir);
  }

  @Test
  void nativeBinaryMatchesJavaSavedModel() throws Exception {
    float[] z = TestModels.uniform(11, COUNT * TestModels.LATENT);
    Path zFile = dir.resolve("z.f32");
    Files.write(zFile, toBytes(z));
    Path out = dir.resolve("images.f32");

    Run gen = generateFrom(zFile, out);
    assertEquals(0, gen.code, gen.output);

    float[] expected = javaImages(z);
    float[] actual = fromBytes(Files.readAllBytes(out));
    assertEquals(COUNT * IMAGE, actual.length, "raw output must be N*H*W*C float32");
    assertArrayEquals(expected, actual, 1e-5f);
    assertNotEquals(expected[0], expected[IMAGE], "distinct z should give distinct images");
  }

  @Test
  void zFileOfTheWrongWidthIsRejected() throws Exception {
    Path zFile = dir.resolve("bad-z.f32");
    Files.write(zFile, new byte[4 * (TestModels.LATENT + 1)]); // one row of latent + 1 floats
    Path out = dir.resolve("bad.f32");

    Run gen = generateFrom(zFile, out);
    assertNotEquals(0, gen.code, gen.output);
    assertTrue(gen.output.contains("not a positive multiple of 4*latent"), gen.output);
    assertFalse(Files.exists(out), "no output on failure");
  }

  /** Runs the native binary on the exported model with latent vectors from {@code zFile}. */
  private static Run generateFrom(Path zFile, Path out) throws Exception {
    return run(
        List.of(
            binary.toString(),
            exportDir.toString(),
            "--z-file",
            zFile.toString(),
            "--out",
            out.toString()));
  }

  private static float[] javaImages(float[] z) {
    try (SavedModelBundle bundle = SavedModelBundle.load(exportDir.toString(), "serve");
        TFloat32 zt =
            TFloat32.tensorOf(
                Shape.of(z.length / TestModels.LATENT, TestModels.LATENT),
                DataBuffers.of(z, true, false));
        Result r = bundle.function("serving_default").call(Map.of("z", zt))) {
      TFloat32 images = (TFloat32) r.get("images").orElseThrow();
      float[] out = new float[(int) images.shape().size()];
      images.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  private record Run(int code, String output) {}

  /** Runs a command in the project folder, with stdout and stderr together in one log file. */
  private static Run run(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "run-", ".log");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command + "\n" + Files.readString(log));
    }
    return new Run(p.exitValue(), Files.readString(log));
  }

  private static boolean onPath(String tool) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
  }

  private static byte[] toBytes(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  private static float[] fromBytes(byte[] bytes) {
    assertEquals(0, bytes.length % 4);
    float[] out = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
