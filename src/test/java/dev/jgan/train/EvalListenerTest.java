package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgan.eval.Evaluation;
import dev.jgan.eval.EvaluationRealDataTest;
import dev.jgan.eval.Evaluator;
import dev.jgan.model.GanModel;
import dev.jgan.monitor.TensorBoardWriter;
import dev.jgan.run.RunFolder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --eval-every}: what an in-training evaluation scores; skipped without ../shared/data. */
class EvalListenerTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  /**
   * Two evaluations through one listener load the classifier once: they share the Evaluator it
   * opens at the first, which closing the listener closes.
   */
  @Test
  void opensOneEvaluatorForAllEvaluations(@TempDir Path dir) throws Exception {
    Path mnist = EvaluationRealDataTest.sharedMnist();
    assumeTrue(Files.exists(mnist), "needs " + mnist + " (absent: skipped)");
    GanModel model = TestModels.tinyMlp();
    RunFolder folder = new RunFolder(Files.createDirectories(dir.resolve("run")));
    Evaluation.Request template =
        new Evaluation.Request(
            null, "mnist", Optional.of(mnist), 20, 3, null, dir.resolve("cache"));
    List<Evaluator> opened = new ArrayList<>();
    List<Long> observed = new ArrayList<>();
    try (GanSession session = new GanSession(model, TestModels.settings(3), 4);
        TensorBoardWriter tensorBoard = new TensorBoardWriter(folder.tensorboard());
        EvalListener listener =
            new EvalListener(
                model,
                false,
                folder,
                1,
                template,
                tensorBoard,
                (entropy, step) -> observed.add(step),
                request -> {
                  Evaluator evaluator = Evaluator.open(request, QUIET);
                  opened.add(evaluator);
                  return evaluator;
                })) {
      listener.onEpochEnd(1, 5, session);
      listener.onEpochEnd(2, 10, session);
      assertEquals(List.of(5L, 10L), observed, "two evaluations ran");
      assertEquals(2, Files.readAllLines(folder.evalLog()).size());
      assertEquals(1, opened.size(), "one Evaluator, so one classifier load, for both");
    }
    Path best = folder.exportBest();
    assertThrows(
        IllegalStateException.class,
        () -> opened.get(0).evaluate(best, null),
        "closed with the listener");
  }
}
