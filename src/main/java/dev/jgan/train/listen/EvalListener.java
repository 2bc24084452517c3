package dev.jgan.train.listen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.FileTrees;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.Noise;
import dev.jgan.eval.Evaluation;
import dev.jgan.eval.EvaluationReport;
import dev.jgan.eval.Evaluator;
import dev.jgan.eval.SetMetrics;
import dev.jgan.export.GeneratorExporter;
import dev.jgan.model.GanModel;
import dev.jgan.run.RunFolder;
import dev.jgan.train.GanSession;
import dev.jgan.train.loop.EpochEnd;
import dev.jgan.train.loop.EvaluationDone;
import dev.jgan.train.loop.RunBegin;
import dev.jgan.train.loop.RunControl;
import dev.jgan.train.loop.TrainingListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --eval-every K}: after every K-th epoch saves the session to a temporary checkpoint,
 * exports G from it and scores that SavedModel with an {@link Evaluator} on {@code count} images,
 * the run's noise kind drawing z. The round trip through an export makes the numbers those of what
 * {@code export/} will hold. Each evaluation logs one line, appends one JSON object to {@code
 * eval.jsonl} (step, epoch, count, fid, kid, kid_std, class_entropy, classifier_score, precision,
 * recall, best), reports the {@link EvaluationDone} to the other listeners (TensorBoard, the
 * collapse detector), and when its FID is the run's lowest so far moves the export to {@code
 * export-best/} with a {@code best.json} (step, epoch, fid).
 *
 * <p>The Evaluator (classifier, test images and their features, reference rows) is opened at the
 * first evaluation and kept until {@link #close}: they do not change during a run, so loading,
 * hashing, reading and classifying them again at every evaluation would be wasted work.
 */
public final class EvalListener implements TrainingListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvalListener.class);
  private static final com.fasterxml.jackson.databind.ObjectMapper LINE =
      new com.fasterxml.jackson.databind.ObjectMapper(); // one line per object, unlike JSON's

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  /** What {@code export-best/} holds besides the SavedModel. */
  public static final String BEST_FILE = "best.json";

  private final GanSession session;
  private final GanModel model;
  private final boolean averaged;
  private final RunFolder folder;
  private final int everyEpochs;
  private final Evaluation.Request template;
  private final Noise noise;
  private final Function<Evaluation.Request, Evaluator> opener;
  private double bestFid;
  private RunControl control;

  /** Null until the first evaluation and after {@link #close}. */
  private Evaluator evaluator;

  /**
   * @param averaged evaluate the EMA generator (the run has one), not the raw weights
   * @param template the evaluation's data set, data, count, seed and cache; its model is unused
   * @param noise the run's: the temporary export lies outside the run folder, so its config.json
   *     cannot tell
   * @param session the run's: saved to a temporary checkpoint for each evaluation
   */
  public EvalListener(
      GanSession session,
      GanModel model,
      boolean averaged,
      RunFolder folder,
      int everyEpochs,
      Evaluation.Request template,
      Noise noise)
      throws IOException {
    this(
        session,
        model,
        averaged,
        folder,
        everyEpochs,
        template,
        noise,
        request -> Evaluator.open(request, QUIET));
  }

  /** As above; {@code opener} opens the run's Evaluator (tests count the openings). */
  EvalListener(
      GanSession session,
      GanModel model,
      boolean averaged,
      RunFolder folder,
      int everyEpochs,
      Evaluation.Request template,
      Noise noise,
      Function<Evaluation.Request, Evaluator> opener)
      throws IOException {
    this.session = session;
    this.model = model;
    this.averaged = averaged;
    this.folder = folder;
    this.everyEpochs = everyEpochs;
    this.template = template;
    this.noise = noise;
    this.opener = opener;
    this.bestFid = previousBest(folder).orElse(Double.POSITIVE_INFINITY);
  }

  /** The FID in export-best/best.json of a resumed run. */
  static Optional<Double> previousBest(RunFolder folder) throws IOException {
    Path best = folder.exportBest().resolve(BEST_FILE);
    if (!Files.isRegularFile(best)) {
      return Optional.empty();
    }
    JsonNode json = ConfigResolver.JSON.readTree(best.toFile());
    return json != null && json.hasNonNull("fid")
        ? Optional.of(json.get("fid").asDouble())
        : Optional.empty();
  }

  @Override
  public void onBegin(RunBegin begin, RunControl control) {
    this.control = control;
  }

  @Override
  public void onEpochEnd(EpochEnd end) throws IOException {
    int epoch = end.epoch();
    long step = end.step();
    if (epoch % everyEpochs != 0) {
      return;
    }
    Path temp = Files.createTempDirectory(folder.root(), ".eval-");
    try {
      String prefix = temp.resolve("checkpoint").resolve("model").toString();
      Files.createDirectories(temp.resolve("checkpoint"));
      session.save(prefix);
      Path export = temp.resolve("export");
      GeneratorExporter.export(model, prefix, export, averaged); // what export/ will hold
      if (evaluator == null) {
        evaluator = opener.apply(template);
      }
      EvaluationReport report = evaluator.evaluate(export, noise.spelling());
      SetMetrics g = report.generated();
      double entropy = g.classes().entropy();
      boolean best = g.fid() < bestFid;
      LOG.info(
          "epoch {} (step {}): FID {} KID {} class entropy {} nats{}",
          epoch,
          step,
          String.format("%.3f", g.fid()),
          String.format("%.5f", g.kid().mean()),
          String.format("%.3f", entropy),
          best ? " (best so far: export-best/)" : "");
      append(epoch, step, g, best);
      if (best) {
        bestFid = g.fid();
        ObjectNode info = ConfigResolver.JSON.createObjectNode();
        info.put("step", step);
        info.put("epoch", epoch);
        info.put("fid", g.fid());
        info.put("kid", g.kid().mean());
        info.put("class_entropy", entropy);
        info.put("count", template.count());
        FileTrees.writeFolder(
            folder.exportBest(),
            staging -> {
              Files.move(export, staging, StandardCopyOption.REPLACE_EXISTING);
              ConfigResolver.JSON.writeValue(staging.resolve(BEST_FILE).toFile(), info);
            });
      }
      control.evaluated(new EvaluationDone(epoch, step, g, best));
    } finally {
      FileTrees.deleteRecursively(temp);
    }
  }

  /** Closes the Evaluator (its classifier and TensorFlow sessions); idempotent. */
  @Override
  public void close() {
    if (evaluator != null) {
      evaluator.close();
      evaluator = null;
    }
  }

  private void append(int epoch, long step, SetMetrics g, boolean best) throws IOException {
    ObjectNode line = ConfigResolver.JSON.createObjectNode();
    line.put("step", step);
    line.put("epoch", epoch);
    line.put("count", template.count());
    line.put("fid", g.fid());
    line.put("kid", g.kid().mean());
    line.put("kid_std", g.kid().std());
    line.put("class_entropy", g.classes().entropy());
    line.put("classifier_score", g.classes().score());
    line.put("precision", g.precisionRecall().precision());
    line.put("recall", g.precisionRecall().recall());
    line.put("best", best);
    String text = LINE.writeValueAsString(line);
    Files.writeString(
        folder.evalLog(),
        text + System.lineSeparator(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
