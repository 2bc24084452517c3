package dev.jgan.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.generate.TestGenerators;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One {@link Evaluator} for several generators; skipped without ../shared/data. */
class EvaluatorTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  /**
   * Two generators scored one after the other by one Evaluator get the very reports that {@code gan
   * evaluate} gives each of them alone: nothing of one evaluation leaks into the next.
   */
  @Test
  void givesTheReportsOfEvaluationRun(@TempDir Path dir) throws Exception {
    Path mnist = EvaluationRealDataTest.sharedMnist();
    assumeTrue(Files.exists(mnist), "needs " + mnist + " (absent: skipped)");
    Path plain = TestGenerators.mnistRun(dir.resolve("plain"));
    Path conditional = TestGenerators.conditionalRun(dir.resolve("conditional"), 10);
    Path cache = dir.resolve("cache");

    EvaluationReport first;
    EvaluationReport second;
    try (Evaluator evaluator = Evaluator.open(request(null, mnist, cache), QUIET)) {
      first = evaluator.evaluate(plain, null);
      second = evaluator.evaluate(conditional, null);
    }
    EvaluationReport plainAlone = Evaluation.run(request(plain, mnist, cache), QUIET);
    EvaluationReport conditionalAlone = Evaluation.run(request(conditional, mnist, cache), QUIET);

    assertFalse(first.referenceCached(), "computed by the first evaluation of a fresh cache");
    assertTrue(second.referenceCached(), "the second reuses them");
    assertEquals(numbers(plainAlone), numbers(first));
    assertEquals(numbers(conditionalAlone), numbers(second));
    assertTrue(second.conditional() != null, "the conditional path ran");
    assertNotEquals(first.generated().fid(), second.generated().fid(), "two different generators");
  }

  @Test
  void refusesToEvaluateOnceClosed(@TempDir Path dir) throws Exception {
    Path mnist = EvaluationRealDataTest.sharedMnist();
    assumeTrue(Files.exists(mnist), "needs " + mnist + " (absent: skipped)");
    Path run = TestGenerators.mnistRun(dir);
    Evaluator evaluator = Evaluator.open(request(null, mnist, dir.resolve("cache")), QUIET);
    evaluator.close();
    evaluator.close(); // twice is harmless
    assertThrows(IllegalStateException.class, () -> evaluator.evaluate(run, null));
  }

  private static Evaluation.Request request(Path model, Path mnist, Path cache) {
    return new Evaluation.Request(model, "mnist", Optional.of(mnist), 100, 7, null, cache);
  }

  /** The report as JSON without what differs between equal evaluations: time and cache use. */
  private static ObjectNode numbers(EvaluationReport report) {
    ObjectNode json = report.toJson();
    json.remove("seconds");
    json.remove("reference_from_cache");
    return json;
  }
}
