package dev.jgan.train.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.config.Update;
import dev.jgan.data.BatchStream;
import dev.jgan.data.ImageDataset;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.model.MlpGan;
import dev.jgan.train.GanSession;
import dev.jgan.train.ImageBatches;
import dev.jgan.train.StepResult;
import dev.jgan.train.TestModels;
import dev.jgan.train.batches.ResidentSetIndices;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** The step's inputs drawn and gathered in the graph (StepInputs) and their batches. */
class StepInputsTest {
  private static final int CLASSES = 10;
  private static final int BATCH = 6;

  private static GanModel conditionalMlp() {
    return new MlpGan(
        TestModels.LATENT, ImageShape.MNIST, List.of(16, 16), List.of(16, 16), CLASSES);
  }

  @Test
  void residentBatchesVisitTheImagesTheStreamWouldAndResumeMidEpoch() {
    // Labels name the images: the stream's labels are its indices.
    ImageDataset data = TestModels.stripes(23, 23);
    int steps = 13; // over three epochs of 3 batches (5 images dropped each)
    int[][] streamed = new int[steps][];
    try (BatchStream stream = new BatchStream(data, 7, 42, 0)) {
      for (int s = 0; s < steps; s++) {
        streamed[s] = stream.next().labels();
      }
    }
    ResidentSetIndices straight = new ResidentSetIndices(data.size(), 7, 42, 0);
    for (int s = 0; s < steps; s++) {
      assertArrayEquals(streamed[s], straight.next().indices(), "step " + s);
    }
    ResidentSetIndices resumed = new ResidentSetIndices(data.size(), 7, 42, 4); // epoch 1, batch 1
    for (int s = 4; s < steps; s++) {
      assertArrayEquals(streamed[s], resumed.next().indices(), "resumed, step " + s);
    }
  }

  /**
   * Batches gathered in the graph are the fed ones bit for bit (images and labels, scaled by the
   * same float32 operations): three steps each way end with identical weights.
   */
  @Test
  void gatheredBatchesTrainBitForBitLikeFedOnes() {
    ImageDataset data = TestModels.stripes(30, CLASSES);
    int[][] indices = {{0, 5, 9, 17, 22, 29}, {3, 3, 8, 11, 12, 28}, {1, 2, 4, 6, 7, 10}};
    for (Update update : List.of(Update.ALTERNATING, Update.ONE_PASS)) {
      GanGraph.Settings settings = TestModels.settings(5, update);
      try (GanSession gathered = new GanSession(conditionalMlp(), settings, BATCH, data);
          GanSession fed = new GanSession(conditionalMlp(), settings, BATCH)) {
        for (int step = 0; step < indices.length; step++) {
          StepResult g =
              gathered.trainStep(step, ImageBatches.Batch.ofIndices(indices[step].clone()));
          StepResult f = fed.trainStep(step, imagesAt(data, indices[step]));
          assertEquals(f, g, update + " step " + step);
        }
        Map<String, float[]> a = gathered.values(gathered.graph().generatorVariables);
        Map<String, float[]> b = fed.values(fed.graph().generatorVariables);
        a.forEach((name, values) -> assertArrayEquals(b.get(name), values, update + " " + name));
      }
    }
  }

  /** IEEE 754 half precision: 0x3c00 is 1, 0x4000 is 2, 0x5800 is 128, 0x5bf8 is 255. */
  @Test
  void theResidentSetHoldsEachByteAsItsExactFloat16() {
    byte[] half = StepInputs.halfBytes(new byte[] {0, 1, 2, (byte) 128, (byte) 255});
    java.nio.ShortBuffer bits =
        java.nio.ByteBuffer.wrap(half).order(java.nio.ByteOrder.nativeOrder()).asShortBuffer();
    short[] values = new short[5];
    bits.get(values);
    assertArrayEquals(
        new short[] {0, 0x3c00, 0x4000, 0x5800, 0x5bf8}, values, Arrays.toString(values));
  }

  @Test
  void onTheCpuBuildTheResidentSetIsHeldAsUint8() {
    // float16 is for GPU builds only: on the CPU build oneDNN logs an error line for it.
    org.junit.jupiter.api.Assumptions.assumeFalse(
        dev.jgan.runtime.NativeRuntime.hasCudaKernels(), "a test of the CPU build");
    ImageDataset data = TestModels.stripes(6, CLASSES);
    try (Graph graph = new Graph()) {
      StepBuilder.oneDevice(graph, TestModels.tinyMlp(), TestModels.settings(1), BATCH, data);
      assertEquals(
          org.tensorflow.proto.DataType.DT_UINT8,
          graph.operationOrThrow("resident_pixels").attributes().getAttrType("dtype"));
    }
  }

  @Test
  void aBatchOfIndicesNeedsAResidentSet() {
    try (GanSession fed = new GanSession(TestModels.tinyMlp(), TestModels.settings(1), BATCH)) {
      assertThrows(
          IllegalArgumentException.class,
          () -> fed.trainStep(0, ImageBatches.Batch.ofIndices(new int[BATCH])));
    }
  }

  /**
   * Noise and G's classes are a function of (run seed, update): equal for equal seeds, new for
   * every update, distributed as asked.
   */
  @Test
  void noiseAndClassesAreDrawnFromTheStepSeed() {
    int batch = 512;
    float[] first = draw(true, batch, 7, 10).z;
    assertArrayEquals(first, draw(true, batch, 7, 10).z, "same seed, same noise");
    assertFalse(Arrays.equals(first, draw(true, batch, 7, 11).z), "next update, new noise");
    assertFalse(Arrays.equals(first, draw(true, batch, 8, 10).z), "other run, new noise");

    double mean = Arrays.stream(toDoubles(first)).average().orElseThrow();
    double variance =
        Arrays.stream(toDoubles(first)).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
    // 4096 draws of N(0, 1): the mean's standard error is 0.016, the variance's 0.022.
    assertEquals(0, mean, 0.08);
    assertEquals(1, variance, 0.11);

    float[] uniform = draw(false, batch, 7, 10).z;
    double min = 1;
    double max = -1;
    for (float v : uniform) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertTrue(min >= -1 && min < -0.99 && max < 1 && max > 0.99, min + " .. " + max);

    int[] labels = draw(true, batch, 7, 10).labels;
    int[] counts = new int[CLASSES];
    for (int label : labels) {
      counts[label]++; // throws if outside [0, K)
    }
    for (int count : counts) {
      assertTrue(count > 25, "every class about 51 times: " + Arrays.toString(counts));
    }
  }

  private record Drawn(float[] z, int[] labels) {}

  /** The graph's noise and classes for step seed (runSeed, update). */
  private static Drawn draw(boolean normal, int batch, long runSeed, long update) {
    GanGraph.Settings base = TestModels.settings(runSeed);
    GanGraph.Settings settings =
        new GanGraph.Settings(
            base.realTarget(),
            base.dAdam(),
            base.gAdam(),
            runSeed,
            base.update(),
            false,
            0f,
            normal,
            List.of());
    try (Graph graph = new Graph();
        TInt64 seed = TInt64.vectorOf(runSeed, update)) {
      GanGraph gan = StepBuilder.oneDevice(graph, conditionalMlp(), settings, batch);
      try (Session session = new Session(graph);
          Result r =
              session.runner().feed(gan.stepSeed, seed).fetch(gan.z).fetch(gan.fakeLabels).run()) {
        float[] z = new float[batch * TestModels.LATENT];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(z, false, false));
        int[] labels = new int[batch];
        ((TInt32) r.get(1)).copyTo(DataBuffers.of(labels, false, false));
        return new Drawn(z, labels);
      }
    }
  }

  private static ImageBatches.Batch imagesAt(ImageDataset data, int[] indices) {
    float[] images = new float[indices.length * data.imageSize()];
    int[] labels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      data.copyImage(indices[i], images, i * data.imageSize());
      labels[i] = data.label(indices[i]);
    }
    return ImageBatches.Batch.ofImages(images, labels);
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
