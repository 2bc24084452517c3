package dev.jgan.train.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.config.Augment;
import dev.jgan.train.TestModels;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Each DiffAugment policy on small hand-made batches: what it does to the pixels, that its draws
 * are the step seed's (per image, per step, per stream), and that its gradient is the transform's
 * own (against finite differences), by ops that have graph-mode gradients.
 */
class AugmentationTest {
  private static final long[] SEED = {42, 7};
  private static final long STREAM = Augmentation.firstStream(0, false);

  /** 16 x 16: shifts of up to 2 pixels, an 8 x 8 cutout. */
  private static final int SIZE = 16;

  @Test
  void translationMovesALitPixelByAtMostAnEighthAndPadsWithZero() {
    int n = 64;
    float background = 0.5f; // not 0, so that the padding shows
    float[] x = new float[n * SIZE * SIZE];
    Arrays.fill(x, background);
    int lit = 8;
    for (int i = 0; i < n; i++) {
      x[(i * SIZE + lit) * SIZE + lit] = 1f;
    }
    float[] y =
        augment(List.of(Augment.TRANSLATION), new Shape4(n, SIZE, SIZE, 1), x, SEED, STREAM);
    Set<Integer> rowShifts = new TreeSet<>();
    Set<Integer> columnShifts = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      int at = -1;
      for (int p = 0; p < SIZE * SIZE; p++) {
        if (y[i * SIZE * SIZE + p] == 1f) {
          assertEquals(-1, at, "image " + i + ": one lit pixel");
          at = p;
        }
      }
      assertTrue(at >= 0, "image " + i + ": the lit pixel stays inside");
      // out[r][c] = in[r + dy][c + dx]: the pixel lit at (8, 8) shows at (8 - dy, 8 - dx).
      int dy = lit - at / SIZE;
      int dx = lit - at % SIZE;
      assertTrue(Math.abs(dy) <= 2 && Math.abs(dx) <= 2, "shift (" + dy + ", " + dx + ")");
      rowShifts.add(dy);
      columnShifts.add(dx);
      for (int r = 0; r < SIZE; r++) {
        for (int c = 0; c < SIZE; c++) {
          int sr = r + dy;
          int sc = c + dx;
          boolean inside = sr >= 0 && sr < SIZE && sc >= 0 && sc < SIZE;
          float expected = inside ? x[(i * SIZE + sr) * SIZE + sc] : 0f;
          assertEquals(expected, y[(i * SIZE + r) * SIZE + c], "image " + i + " at " + r + "," + c);
        }
      }
    }
    // Each image its own draw: every shift in [-2, 2] turns up in 64 images, in each axis.
    assertEquals(Set.of(-2, -1, 0, 1, 2), rowShifts);
    assertEquals(Set.of(-2, -1, 0, 1, 2), columnShifts);
  }

  @Test
  void cutoutZeroesASquareOfHalfTheSizeClippedAtTheBorder() {
    int n = 64;
    int channels = 3;
    float[] x = new float[n * SIZE * SIZE * channels];
    Arrays.fill(x, 1f);
    float[] y =
        augment(List.of(Augment.CUTOUT), new Shape4(n, SIZE, SIZE, channels), x, SEED, STREAM);
    int whole = 0;
    for (int i = 0; i < n; i++) {
      int top = SIZE;
      int bottom = -1;
      int left = SIZE;
      int right = -1;
      for (int r = 0; r < SIZE; r++) {
        for (int c = 0; c < SIZE; c++) {
          int at = ((i * SIZE + r) * SIZE + c) * channels;
          for (int k = 1; k < channels; k++) {
            assertEquals(y[at], y[at + k], "one mask for every channel");
          }
          if (y[at] == 0f) {
            top = Math.min(top, r);
            bottom = Math.max(bottom, r);
            left = Math.min(left, c);
            right = Math.max(right, c);
          } else {
            assertEquals(1f, y[at]);
          }
        }
      }
      int height = bottom - top + 1;
      int width = right - left + 1;
      // A rectangle: every pixel between the extremes is cut.
      for (int r = top; r <= bottom; r++) {
        for (int c = left; c <= right; c++) {
          assertEquals(0f, y[((i * SIZE + r) * SIZE + c) * channels], "image " + i);
        }
      }
      // 8 x 8, less only where the square runs over the border; its centre is in the image.
      assertTrue(height >= 4 && height <= 8 && width >= 4 && width <= 8, height + "x" + width);
      assertTrue(height == 8 || top == 0 || bottom == SIZE - 1, "image " + i + " clipped inside");
      assertTrue(width == 8 || left == 0 || right == SIZE - 1, "image " + i + " clipped inside");
      whole += height == 8 && width == 8 ? 1 : 0;
    }
    assertTrue(whole > 10 && whole < n, whole + " of 64 cutouts lie wholly inside");
  }

  /**
   * Grey images: x + b, then (x - mean) * c + mean, so each image's mean moves by b in [-0.5, 0.5)
   * and its deviations scale by c in [0.5, 1.5); the saturation step is skipped (it has no draw).
   */
  @Test
  void colorShiftsTheBrightnessAndScalesTheContrastOfEachGreyImage() {
    int n = 16;
    int pixels = 4 * 4;
    float[] x = TestModels.uniform(5, n * pixels);
    float[] y = augment(List.of(Augment.COLOR), new Shape4(n, 4, 4, 1), x, SEED, STREAM);
    Set<Double> brightness = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      double mean = mean(x, i * pixels, pixels, 1);
      double b = mean(y, i * pixels, pixels, 1) - mean;
      double c = ratio(y, x, i * pixels, pixels);
      assertTrue(b >= -0.5 && b < 0.5, "brightness " + b);
      assertTrue(c >= 0.5 - 1e-5 && c < 1.5 + 1e-5, "contrast " + c);
      for (int p = i * pixels; p < (i + 1) * pixels; p++) {
        assertEquals((x[p] - mean) * c + mean + b, y[p], 1e-5, "image " + i);
      }
      brightness.add(b);
    }
    assertEquals(n, brightness.size(), "each image its own brightness");
    assertEquals(2, randomOps(List.of(Augment.COLOR), new Shape4(n, 4, 4, 1)));
    assertEquals(3, randomOps(List.of(Augment.COLOR), new Shape4(n, 4, 4, 3)));
  }

  /**
   * RGB: out = ((x - m_c) * s + m_c - M) * c + M + b, m_c the mean over the channels, M over the
   * image: the three factors read back from the output, each in DiffAugment's range.
   */
  @Test
  void colorAlsoScalesTheSaturationOfEachRgbImage() {
    int n = 16;
    int pixels = 4 * 4;
    int size = pixels * 3;
    float[] x = TestModels.uniform(6, n * size);
    float[] y = augment(List.of(Augment.COLOR), new Shape4(n, 4, 4, 3), x, SEED, STREAM);
    Set<Double> saturation = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      int from = i * size;
      double whole = mean(x, from, size, 1);
      double b = mean(y, from, size, 1) - whole;
      float[] greyX = channelMeans(x, from, pixels);
      float[] greyY = channelMeans(y, from, pixels);
      double c = ratio(greyY, greyX, 0, pixels);
      float[] colourX = new float[size];
      float[] colourY = new float[size];
      for (int p = 0; p < size; p++) {
        colourX[p] = x[from + p] - greyX[p / 3];
        colourY[p] = y[from + p] - greyY[p / 3];
      }
      double s = ratio(colourY, colourX, 0, size) / c;
      assertTrue(b >= -0.5 && b < 0.5, "brightness " + b);
      assertTrue(c >= 0.5 - 1e-5 && c < 1.5 + 1e-5, "contrast " + c);
      assertTrue(s >= -1e-5 && s < 2 + 1e-5, "saturation " + s);
      for (int p = 0; p < size; p++) {
        double expected = ((x[from + p] - greyX[p / 3]) * s + greyX[p / 3] - whole) * c + whole + b;
        assertEquals(expected, y[from + p], 1e-5, "image " + i);
      }
      saturation.add(s);
    }
    assertEquals(n, saturation.size(), "each image its own saturation");
  }

  @Test
  void theDrawsAreTheStepSeedsPerImagePerStepAndPerStream() {
    List<Augment> all = List.of(Augment.COLOR, Augment.TRANSLATION, Augment.CUTOUT);
    int n = 4;
    Shape4 shape = new Shape4(n, SIZE, SIZE, 3);
    // The same image four times: differences between them are the draws'.
    float[] one = TestModels.uniform(8, SIZE * SIZE * 3);
    float[] x = new float[n * one.length];
    for (int i = 0; i < n; i++) {
      System.arraycopy(one, 0, x, i * one.length, one.length);
    }
    float[] a = augment(all, shape, x, SEED, STREAM);
    assertArrayEquals(a, augment(all, shape, x, SEED, STREAM), "the same step, the same draws");
    assertFalse(Arrays.equals(a, augment(all, shape, x, new long[] {42, 8}, STREAM)), "next step");
    assertFalse(Arrays.equals(a, augment(all, shape, x, new long[] {43, 7}, STREAM)), "other run");
    long fake = Augmentation.firstStream(0, true);
    long tower = Augmentation.firstStream(1, false);
    assertFalse(Arrays.equals(a, augment(all, shape, x, SEED, fake)), "G's images: other draws");
    assertFalse(Arrays.equals(a, augment(all, shape, x, SEED, tower)), "tower 1: other draws");
    for (int i = 1; i < n; i++) {
      assertFalse(
          Arrays.equals(
              Arrays.copyOfRange(a, 0, one.length),
              Arrays.copyOfRange(a, i * one.length, (i + 1) * one.length)),
          "image " + i + " drew as image 0");
    }
    // Streams of applications do not overlap one another, the noise's or the classes'.
    assertEquals(Augmentation.firstStream(0, false) + Augmentation.STREAMS, fake);
    assertTrue(Augmentation.firstStream(0, false) > StepInputs.LABEL_STREAM);
  }

  @Test
  void noPoliciesIsTheImagesThemselvesAndAddsNoOp() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4, 4, 1)));
      Placeholder<TInt64> seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      int before = count(graph);
      assertTrue(Augmentation.apply(tf, List.of(), x, seed, STREAM) == x);
      assertEquals(before, count(graph));
    }
  }

  @Test
  void imagesOfUnknownSizeAreRefused() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, 4, 1)));
      Placeholder<TInt64> seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      assertThrows(
          IllegalArgumentException.class,
          () -> Augmentation.apply(tf, List.of(Augment.CUTOUT), x, seed, STREAM));
    }
  }

  /**
   * dL/dx of L = sum(T(x) * R) against central finite differences, for each policy and all three: T
   * is linear in x for fixed draws, so the differences are exact up to float32 rounding.
   */
  @Test
  void theGradientThroughEachPolicyMatchesFiniteDifferences() {
    Shape4 shape = new Shape4(2, 8, 8, 3);
    for (List<Augment> policies :
        List.of(
            List.of(Augment.COLOR),
            List.of(Augment.TRANSLATION),
            List.of(Augment.CUTOUT),
            List.of(Augment.COLOR, Augment.TRANSLATION, Augment.CUTOUT))) {
      GradientCheck check = gradientCheck(policies, shape);
      double scale = 0;
      double worst = 0;
      for (int i = 0; i < check.numeric.length; i++) {
        scale = Math.max(scale, Math.abs(check.numeric[i]));
        worst = Math.max(worst, Math.abs(check.analytic[i] - check.numeric[i]));
      }
      assertTrue(scale > 0.1, policies + ": trivial gradient");
      assertTrue(worst / scale < 1e-3, policies + ": gradient off by " + worst / scale);
      if (policies.contains(Augment.TRANSLATION)) {
        assertTrue(check.gradientOps.contains("BatchMatMulV3"), check.gradientOps.toString());
      }
      if (policies.equals(List.of(Augment.CUTOUT))) {
        // Cut pixels get no gradient (with color, the means spread it over every pixel): at least
        // a clipped 2 x 2 of the 4 x 4 square, per image.
        long zero = Arrays.stream(check.analytic).filter(g -> g == 0).count();
        assertTrue(zero >= 2 * (2 * 2 * 3), zero + " values without gradient");
      }
    }
  }

  private record Shape4(int n, int height, int width, int channels) {
    Shape shape() {
      return Shape.of(-1, height, width, channels);
    }
  }

  private record GradientCheck(double[] analytic, double[] numeric, Set<String> gradientOps) {}

  private static GradientCheck gradientCheck(List<Augment> policies, Shape4 shape) {
    int size = shape.n() * shape.height() * shape.width() * shape.channels();
    float[] r = TestModels.uniform(21, size);
    float[] x = TestModels.uniform(22, size);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> input =
          tf.placeholder(TFloat32.class, Placeholder.shape(shape.shape()));
      Placeholder<TInt64> seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      Operand<TFloat32> y = Augmentation.apply(tf, policies, input, seed, STREAM);
      Operand<TFloat32> weights =
          tf.constant(
              Shape.of(shape.n(), shape.height(), shape.width(), shape.channels()),
              DataBuffers.of(r, true, false));
      Operand<TFloat32> loss =
          tf.reduceSum(tf.math.mul(y, weights), tf.constant(new int[] {0, 1, 2, 3}));
      Set<String> before = opNames(graph);
      Output<?>[] gradient =
          graph.addGradients(loss.asOutput(), new Output<?>[] {input.asOutput()});
      Set<String> gradientOps = new TreeSet<>();
      for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (!before.contains(op.name())) {
          gradientOps.add(op.type());
        }
      }
      try (Session session = new Session(graph)) {
        double[] analytic = new double[size];
        float[] g = run(session, input, seed, shape, x, gradient[0]);
        for (int i = 0; i < size; i++) {
          analytic[i] = g[i];
        }
        double[] numeric = new double[size];
        float h = 1e-2f;
        for (int i = 0; i < size; i++) {
          float original = x[i];
          float plus = original + h;
          float minus = original - h;
          x[i] = plus;
          double up = dot(run(session, input, seed, shape, x, y.asOutput()), r);
          x[i] = minus;
          double down = dot(run(session, input, seed, shape, x, y.asOutput()), r);
          x[i] = original;
          numeric[i] = (up - down) / ((double) plus - (double) minus);
        }
        return new GradientCheck(analytic, numeric, gradientOps);
      }
    }
  }

  /** T(x) for one batch, drawn with step seed {@code seed} from {@code stream} on. */
  private static float[] augment(
      List<Augment> policies, Shape4 shape, float[] x, long[] seed, long stream) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> input =
          tf.placeholder(TFloat32.class, Placeholder.shape(shape.shape()));
      Placeholder<TInt64> stepSeed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      Operand<TFloat32> y = Augmentation.apply(tf, policies, input, stepSeed, stream);
      try (Session session = new Session(graph);
          TInt64 seedValue = TInt64.vectorOf(seed);
          TFloat32 images =
              TFloat32.tensorOf(
                  Shape.of(shape.n(), shape.height(), shape.width(), shape.channels()),
                  DataBuffers.of(x, true, false));
          Result result =
              session.runner().feed(input, images).feed(stepSeed, seedValue).fetch(y).run()) {
        assertArrayEquals(
            new long[] {shape.n(), shape.height(), shape.width(), shape.channels()},
            result.get(0).shape().asArray(),
            "T keeps the batch's shape");
        return values((TFloat32) result.get(0), x.length);
      }
    }
  }

  private static float[] run(
      Session session,
      Placeholder<TFloat32> input,
      Placeholder<TInt64> stepSeed,
      Shape4 shape,
      float[] x,
      Output<?> fetch) {
    try (TInt64 seedValue = TInt64.vectorOf(SEED);
        TFloat32 images =
            TFloat32.tensorOf(
                Shape.of(shape.n(), shape.height(), shape.width(), shape.channels()),
                DataBuffers.of(x, true, false));
        Result result =
            session.runner().feed(input, images).feed(stepSeed, seedValue).fetch(fetch).run()) {
      return values((TFloat32) result.get(0), x.length);
    }
  }

  /** How many stateless uniform draws T of {@code policies} makes (one per factor). */
  private static int randomOps(List<Augment> policies, Shape4 shape) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> input =
          tf.placeholder(TFloat32.class, Placeholder.shape(shape.shape()));
      Placeholder<TInt64> seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      Augmentation.apply(tf, policies, input, seed, STREAM);
      int draws = 0;
      for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
        draws += it.next().type().equals("StatelessRandomUniform") ? 1 : 0;
      }
      return draws;
    }
  }

  private static float[] values(TFloat32 tensor, int length) {
    float[] out = new float[length];
    tensor.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  private static double mean(float[] v, int from, int length, int stride) {
    double sum = 0;
    for (int i = from; i < from + length; i += stride) {
      sum += v[i];
    }
    return sum / (length / stride);
  }

  /** The least-squares factor k of (y - mean y) = k (x - mean x) over [from, from + length). */
  private static double ratio(float[] y, float[] x, int from, int length) {
    double mx = mean(x, from, length, 1);
    double my = mean(y, from, length, 1);
    double xy = 0;
    double xx = 0;
    for (int i = from; i < from + length; i++) {
      xy += (x[i] - mx) * (y[i] - my);
      xx += (x[i] - mx) * (x[i] - mx);
    }
    return xy / xx;
  }

  /** Per pixel of one RGB image at {@code from}, the mean of its three channels. */
  private static float[] channelMeans(float[] v, int from, int pixels) {
    float[] means = new float[pixels];
    for (int p = 0; p < pixels; p++) {
      means[p] = (v[from + 3 * p] + v[from + 3 * p + 1] + v[from + 3 * p + 2]) / 3f;
    }
    return means;
  }

  private static int count(Graph graph) {
    return opNames(graph).size();
  }

  private static Set<String> opNames(Graph graph) {
    Set<String> names = new TreeSet<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      names.add(it.next().name());
    }
    return names;
  }
}
