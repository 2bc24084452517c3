package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.run.RunLockTest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on a run folder that another process is training (holds its train.lock). */
class RunBeingTrainedTest {
  @Test
  void resumeIsRefusedAndReadersSaySoNamingTheProcess(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    Process trainer = RunLockTest.claim(run, 120_000);
    try {
      RunLockTest.awaitClaimed(trainer);
      String holder = "process " + trainer.pid();

      TrainCommandTest.Captured resume = TrainCommandTest.run("train", "--resume", run.toString());
      assertEquals(2, resume.exit(), resume.err());
      assertTrue(resume.err().contains(run.toString()), resume.err());
      assertTrue(resume.err().contains("being trained by " + holder), resume.err());
      assertFalse(resume.err().contains("\tat "), "no stack trace: " + resume.err());

      TrainCommandTest.Captured again =
          TrainCommandTest.run("train", "--preset", "tiny", "--out", run.toString());
      assertEquals(2, again.exit(), again.err());
      assertTrue(again.err().contains("being trained by " + holder), again.err());

      // generate still reads (here: finds no export yet) but first says the run is in training
      TrainCommandTest.Captured generate =
          TrainCommandTest.run(
              "generate", "--model", run.toString(), "--out", dir.resolve("g").toString());
      assertTrue(generate.err().contains("is being trained by " + holder), generate.err());
    } finally {
      trainer.destroyForcibly();
      trainer.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
