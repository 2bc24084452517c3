package dev.jgan.train;

import dev.jgan.config.Update;
import dev.jgan.data.ImageSet;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.runtime.SessionOptions;
import dev.jgan.runtime.TowerDevices;
import dev.jgan.train.graph.GanGraph;
import dev.jgan.train.graph.StepBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Owns the training graph's native resources (Graph, Session, reusable feed tensors) and runs
 * training steps on them. One instance per run; close it to free native memory.
 *
 * <p>For a conditional model every method takes class labels (int32, one per image) next to the
 * images and z; for an unconditional one the labels are null (or use the overloads without them).
 */
public final class GanSession implements AutoCloseable {
  private final Graph graph;
  private final GanGraph gan;
  private final Session session;
  private final ImageShape image;
  private final int batchSize;
  private final TFloat32 realFeed;
  private final TFloat32 zFeed;
  private final TInt32 realLabelFeed; // null when unconditional
  private final TInt32 fakeLabelFeed; // null when unconditional
  private final TInt64 seedFeed;
  private final TInt32 indexFeed; // null unless the training set is resident
  private final long runSeed;
  private long sessionRunNanos;
  private Consumer<RunMetadata> traceObserver;
  private final long stepTimeoutMs; // 0: none (a session in this process)
  private long trainingRuns;
  private final int classes;

  /** A session whose real batches are fed. */
  public GanSession(GanModel model, GanGraph.Settings settings, int batchSize) {
    this(model, settings, batchSize, null);
  }

  /**
   * @param resident the training set to keep in the graph, so that steps take batches of indices
   *     ({@link ImageBatches.Batch#ofIndices}); null to feed real batches of images
   */
  public GanSession(GanModel model, GanGraph.Settings settings, int batchSize, ImageSet resident) {
    this(model, settings, batchSize, resident, SessionOptions.processDefault());
  }

  /**
   * A session with these options: with {@link SessionOptions#towers()} of two or more devices the
   * graph is built as data-parallel towers ({@link StepBuilder#towers}), else on one device.
   */
  public GanSession(
      GanModel model,
      GanGraph.Settings settings,
      int batchSize,
      ImageSet resident,
      SessionOptions options) {
    this.graph = new Graph();
    try {
      TowerDevices towers = options.towers();
      this.gan =
          towers.split()
              ? StepBuilder.towers(
                  graph,
                  model,
                  settings,
                  batchSize,
                  resident,
                  towers.devices(),
                  towers.parameterDevice())
              : StepBuilder.oneDevice(graph, model, settings, batchSize, resident);
      this.session = options.withMixedBfloat16(settings.mixedBfloat16()).newTrainingSession(graph);
      if (resident != null) {
        gan.loadResident(session, resident);
      }
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
    this.image = model.imageShape();
    this.batchSize = batchSize;
    // Allocated once: TFloat32.tensorOf does not zero memory, so every step overwrites all of it.
    this.realFeed =
        TFloat32.tensorOf(Shape.of(batchSize, image.height(), image.width(), image.channels()));
    this.zFeed = TFloat32.tensorOf(Shape.of(batchSize, model.latentDim()));
    this.classes = model.classes();
    this.realLabelFeed = classes > 0 ? TInt32.tensorOf(Shape.of(batchSize)) : null;
    this.fakeLabelFeed = classes > 0 ? TInt32.tensorOf(Shape.of(batchSize)) : null;
    this.seedFeed = TInt64.vectorOf(0, 0);
    this.indexFeed = resident != null ? TInt32.tensorOf(Shape.of(batchSize)) : null;
    this.runSeed = settings.seed();
    this.stepTimeoutMs = options.remote() == null ? 0 : options.remote().timeoutMs();
  }

  /** K of a conditional model, 0 for an unconditional one. */
  public int classes() {
    return classes;
  }

  public GanGraph graph() {
    return gan;
  }

  public int batchSize() {
    return batchSize;
  }

  /**
   * One training step on a real batch, with the step's noise and G's classes drawn in the graph
   * from (run seed, step): the trainer's step, which hands the session nothing but the batch (its
   * images, or its indices into the resident set) and the step number.
   */
  public StepResult trainStep(long step, ImageBatches.Batch real) {
    return step(step, feedReal(session.runner(), real), session::runner);
  }

  /**
   * One training step on chosen noise. Alternating: one D update on (real, G(zForD)), then one G
   * update on G(zForG). Simultaneous and one-pass: both updates from one run on (real, G(zForD));
   * zForG is not used.
   *
   * @param step the step number: it seeds this step's dropout masks, so a resumed run draws the
   *     same masks as a straight one
   * @param real [batch * H * W * C] in [-1, 1]
   */
  public StepResult trainStep(long step, float[] real, float[] zForD, float[] zForG) {
    return trainStep(step, real, null, zForD, null, zForG, null);
  }

  /**
   * The conditional form of {@link #trainStep(long, float[], float[], float[])}: {@code realLabels}
   * are the real batch's classes, {@code labelsForD}/{@code labelsForG} the classes asked of G in
   * each update (all null for an unconditional model).
   */
  public StepResult trainStep(
      long step,
      float[] real,
      int[] realLabels,
      float[] zForD,
      int[] labelsForD,
      float[] zForG,
      int[] labelsForG) {
    return step(
        step, feedBatch(real, realLabels, zForD, labelsForD), () -> feedNoise(zForG, labelsForG));
  }

  /**
   * A training step: {@code forD} is fed with the real batch (and D's noise, when chosen), {@code
   * forG} gives alternating's G update its runner (with G's noise, when chosen). It is called only
   * after D's run, since both share the reusable feed tensors.
   */
  private StepResult step(long step, Session.Runner forD, Supplier<Session.Runner> forG) {
    forD.feed(gan.stepSeed, seed(2 * step));
    if (gan.update != Update.ALTERNATING) {
      // Both updates in one Session.run (simultaneous: the losses are from before them; one-pass:
      // G's loss is against D's new weights).
      return run(forD, gan.dStep, gan.gStep);
    }
    StepResult d = run(forD, gan.dStep);
    float gLoss = runGenerator(forG.get().feed(gan.stepSeed, seed(2 * step + 1)));
    return new StepResult(d.dLoss(), gLoss, d.dReal(), d.dFake());
  }

  /** A runner fed with chosen noise and, for a conditional model, the classes asked of G. */
  Session.Runner feedNoise(float[] z, int[] fakeLabels) {
    zFeed.copyFrom(DataBuffers.of(z, true, false));
    return feedLabels(
        session.runner().feed(gan.z, zFeed), gan.fakeLabels, fakeLabelFeed, fakeLabels);
  }

  /** Runs G's update on a fed runner; G's loss before it. */
  float runGenerator(Session.Runner runner) {
    try (Result r = timedRun(runner.addTarget(gan.gStep).fetch(gan.gLoss))) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  /**
   * Nanoseconds spent inside {@code Session.run} by training steps so far: with the step's wall
   * time it tells how much of a step is Java work (feeding, fetching, the loop).
   */
  public long sessionRunNanos() {
    return sessionRunNanos;
  }

  /**
   * Traces every later training update (TF's FULL_TRACE step stats) and hands each one's {@code
   * RunMetadata} to {@code observer}; null stops tracing. For profiles: tracing slows steps.
   */
  public void traceSteps(Consumer<RunMetadata> observer) {
    this.traceObserver = observer;
  }

  private Result timedRun(Session.Runner runner) {
    long start = System.nanoTime();
    try {
      RunOptions.Builder options = RunOptions.newBuilder();
      if (stepTimeoutMs > 0 && trainingRuns > 0) {
        // On a cluster, a step waiting on a dead worker fails after this instead of hanging. Not
        // the first run: it partitions the graph and ships it to every task, which takes long.
        options.setTimeoutInMs(stepTimeoutMs);
      }
      if (traceObserver == null) {
        return options.getTimeoutInMs() > 0
            ? runner.setOptions(options.build()).run()
            : runner.run();
      }
      Result result =
          runner
              .setOptions(options.setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build())
              .runAndFetchMetadata();
      result.getMetadata().ifPresent(traceObserver);
      return result;
    } finally {
      trainingRuns++;
      sessionRunNanos += System.nanoTime() - start;
    }
  }

  /**
   * Runs {@code updates} (none: only evaluates) on a fed runner and returns the losses and D's
   * probabilities from before them. Updates count towards {@link #sessionRunNanos()}.
   */
  StepResult run(Session.Runner runner, Op... updates) {
    for (Op update : updates) {
      runner.addTarget(update);
    }
    runner.fetch(updates.length > 0 ? gan.stepMetrics : gan.currentMetrics);
    try (Result r = updates.length > 0 ? timedRun(runner) : runner.run()) {
      TFloat32 figures = (TFloat32) r.get(0);
      return new StepResult(
          figures.getFloat(0), figures.getFloat(1), figures.getFloat(2), figures.getFloat(3));
    }
  }

  /**
   * Feeds a real batch: its indices into the resident set, or its images (and, for a conditional
   * model, labels).
   */
  private Session.Runner feedReal(Session.Runner runner, ImageBatches.Batch real) {
    if (real.indices() != null) {
      if (indexFeed == null) {
        throw new IllegalArgumentException("a batch of indices, but no training set is resident");
      }
      indexFeed.copyFrom(DataBuffers.of(real.indices(), true, false));
      return runner.feed(gan.batchIndices, indexFeed);
    }
    return feedImages(runner, real.images(), classes > 0 ? real.labels() : null);
  }

  /** Feeds real images and, for a conditional model, their classes. */
  private Session.Runner feedImages(Session.Runner runner, float[] images, int[] labels) {
    realFeed.copyFrom(DataBuffers.of(images, true, false));
    return feedLabels(runner.feed(gan.realImages, realFeed), gan.realLabels, realLabelFeed, labels);
  }

  /** The step seed feed: the run seed and a number unique to this update. */
  TInt64 seed(long update) {
    seedFeed.setLong(runSeed, 0);
    seedFeed.setLong(update, 1);
    return seedFeed;
  }

  /** A runner fed with a real batch and a noise batch, through the reusable feed tensors. */
  Session.Runner feedBatch(float[] real, int[] realLabels, float[] z, int[] fakeLabels) {
    return feedImages(feedNoise(z, fakeLabels), real, realLabels);
  }

  /** Feeds a batch of labels (conditional model) or checks that there are none. */
  private Session.Runner feedLabels(
      Session.Runner runner, Operand<TInt32> placeholder, TInt32 feed, int[] labels) {
    checkLabels(labels, batchSize);
    if (labels != null) {
      feed.copyFrom(DataBuffers.of(labels, true, false));
      runner.feed(placeholder, feed);
    }
    return runner;
  }

  private void checkLabels(int[] labels, int count) {
    if (classes == 0) {
      if (labels != null) {
        throw new IllegalArgumentException("labels given to an unconditional model");
      }
      return;
    }
    if (labels == null || labels.length != count) {
      throw new IllegalArgumentException(
          "a conditional model needs "
              + count
              + " labels, got "
              + (labels == null ? "none" : labels.length));
    }
    for (int label : labels) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label " + label + " outside [0, " + classes + ")");
      }
    }
  }

  /** G(z) in inference mode: z [count * latent] -> [count * H * W * C] in [-1, 1]. */
  public float[] generate(float[] z, int count) {
    return generate(z, null, count);
  }

  /**
   * G(z, labels) in inference mode: z [count * latent], labels [count] (null for an unconditional
   * model) -> [count * H * W * C] in [-1, 1].
   */
  public float[] generate(float[] z, int[] labels, int count) {
    checkLabels(labels, count);
    try (TFloat32 zTensor =
            TFloat32.tensorOf(Shape.of(count, z.length / count), DataBuffers.of(z, true, false));
        TInt32 labelTensor =
            labels == null
                ? null
                : TInt32.tensorOf(Shape.of(count), DataBuffers.of(labels, true, false))) {
      Session.Runner runner = session.runner().feed(gan.z, zTensor);
      if (labelTensor != null) {
        runner.feed(gan.fakeLabels, labelTensor);
      }
      try (Result r = runner.fetch(gan.samples).run()) {
        float[] out = new float[count * image.pixels()];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
        return out;
      }
    }
  }

  /** Current values of the given variables, by op name (for tests and diagnostics). */
  public Map<String, float[]> values(List<Variable<TFloat32>> variables) {
    Session.Runner runner = session.runner();
    variables.forEach(runner::fetch);
    Map<String, float[]> values = new LinkedHashMap<>();
    try (Result r = runner.run()) {
      for (int i = 0; i < variables.size(); i++) {
        TFloat32 t = (TFloat32) r.get(i);
        float[] copy = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(copy, false, false));
        values.put(variables.get(i).op().name(), copy);
      }
    }
    return values;
  }

  /** Writes a standard TF checkpoint of every variable (optimizer slots included). */
  public void save(String prefix) {
    session.save(prefix);
  }

  public void restore(String prefix) {
    session.restore(prefix);
  }

  @Override
  public void close() {
    realFeed.close();
    zFeed.close();
    if (realLabelFeed != null) {
      realLabelFeed.close();
      fakeLabelFeed.close();
    }
    seedFeed.close();
    if (indexFeed != null) {
      indexFeed.close();
    }
    session.close();
    graph.close();
  }
}
