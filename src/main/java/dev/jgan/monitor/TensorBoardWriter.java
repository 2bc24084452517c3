package dev.jgan.monitor;

import dev.jgan.WriteFailedException;
import dev.jgan.runtime.SessionOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.op.summary.WriteImageSummary;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * TensorBoard event files written by TensorFlow's own summary ops ({@code CreateSummaryFileWriter},
 * {@code WriteScalarSummary}, {@code WriteImageSummary}), so {@code tensorboard --logdir runs/}
 * reads them like any TensorFlow program's. The ops live in a small graph of their own: the
 * training graph, its checkpoints and its export stay free of them.
 */
public final class TensorBoardWriter implements AutoCloseable {
  /** Events reach the file at the latest this often (and on close). */
  private static final int FLUSH_MILLIS = 10_000;

  private static final int MAX_QUEUE = 100;

  private final Path logdir;
  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final Session session;
  private final Operand<?> writer;
  private final Placeholder<TInt64> step;
  private final Op flush;
  private final Op closeWriter;
  private final Map<String, Scalar> scalars = new LinkedHashMap<>();
  private final Map<String, Image> images = new LinkedHashMap<>();

  private record Scalar(Placeholder<TFloat32> value, Op write) {}

  private record Image(Placeholder<TUint8> pixels, Op write) {}

  /** Opens a new event file in {@code logdir} (created if missing). */
  public TensorBoardWriter(Path logdir) {
    this.logdir = logdir;
    try {
      writer = tf.summary.summaryWriter(SummaryWriter.sharedName("jgan"));
      step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      Op create =
          tf.summary.createSummaryFileWriter(
              writer,
              tf.constant(logdir.toAbsolutePath().toString()),
              tf.constant(MAX_QUEUE),
              tf.constant(FLUSH_MILLIS),
              tf.constant(".jgan"));
      // Built once: an op added per call would grow the graph for as long as the run lasts.
      flush = tf.summary.flushSummaryWriter(writer);
      closeWriter = tf.summary.closeSummaryWriter(writer);
      // Like every session of the process: the same device plan and thread settings.
      session = SessionOptions.processDefault().newSession(graph);
      session.runner().addTarget(create).run();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** Writes scalars (tag -> value) for one step in one Session call. */
  public void scalars(long stepNumber, Map<String, Float> values) {
    Session.Runner runner = session.runner();
    try (TInt64 stepTensor = TInt64.scalarOf(stepNumber)) {
      runner.feed(step, stepTensor);
      java.util.List<TFloat32> fed = new java.util.ArrayList<>();
      try {
        values.forEach(
            (tag, value) -> {
              Scalar scalar = scalars.computeIfAbsent(tag, this::scalarOp);
              TFloat32 tensor = TFloat32.scalarOf(value);
              fed.add(tensor);
              runner.feed(scalar.value(), tensor).addTarget(scalar.write());
            });
        written(runner::run); // a full queue writes to the file here
      } finally {
        fed.forEach(TFloat32::close);
      }
    }
  }

  /** Writes an RGB image (TensorBoard's Images tab) for one step. */
  public void image(String tag, long stepNumber, BufferedImage picture) {
    int height = picture.getHeight();
    int width = picture.getWidth();
    byte[] rgb = new byte[height * width * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int pixel = picture.getRGB(x, y);
        int at = (y * width + x) * 3;
        rgb[at] = (byte) (pixel >> 16);
        rgb[at + 1] = (byte) (pixel >> 8);
        rgb[at + 2] = (byte) pixel;
      }
    }
    Image image = images.computeIfAbsent(tag, this::imageOp);
    try (TInt64 stepTensor = TInt64.scalarOf(stepNumber);
        TUint8 pixels =
            TUint8.tensorOf(Shape.of(1, height, width, 3), DataBuffers.of(rgb, true, false))) {
      Session.Runner runner =
          session
              .runner()
              .feed(step, stepTensor)
              .feed(image.pixels(), pixels)
              .addTarget(image.write());
      written(runner::run);
    }
  }

  /** Pushes buffered events to the file now. */
  public void flush() {
    written(session.runner().addTarget(flush)::run);
  }

  /**
   * Runs ops that may write the event file: a TensorFlow error there is a failed write (a full
   * disk), reported with the folder like any other write of the run.
   */
  private void written(Runnable write) {
    try {
      write.run();
    } catch (TensorFlowException e) {
      throw WriteFailedException.of(logdir, WriteFailedException.UNKNOWN, e);
    }
  }

  /** Operations in the writer's graph (a test checks that flushing adds none). */
  int graphSize() {
    int count = 0;
    for (var it = graph.operations(); it.hasNext(); it.next()) {
      count++;
    }
    return count;
  }

  private Scalar scalarOp(String tag) {
    Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    return new Scalar(value, tf.summary.writeScalarSummary(writer, step, tf.constant(tag), value));
  }

  private Image imageOp(String tag) {
    Placeholder<TUint8> pixels =
        tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
    // uint8 pixels are written as they are; badColor only matters for NaN in float images.
    Op write =
        tf.summary.writeImageSummary(
            writer,
            step,
            tf.constant(tag),
            pixels,
            tf.constant(new byte[] {(byte) 255, 0, 0, (byte) 255}),
            WriteImageSummary.maxImages(1L));
    return new Image(pixels, write);
  }

  @Override
  public void close() {
    try {
      session.runner().addTarget(closeWriter).run();
    } finally {
      session.close();
      graph.close();
    }
  }
}
