package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's failure paths print one line; --debug adds the stack trace. */
class CliFailuresTest {
  @Test
  void aCorruptSavedModelAndAnUnreadableClassifierAreOneLine(@TempDir Path dir) throws Exception {
    Path corrupt = dir.resolve("corrupt");
    Files.createDirectories(corrupt);
    Files.write(corrupt.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5, 6, 7});
    TrainCommandTest.Captured generate =
        TrainCommandTest.run(
            "generate", "--model", corrupt.toString(), "--out", dir.resolve("g").toString());
    assertEquals(2, generate.exit(), generate.err());
    assertOneErrorLine(generate.err());
    assertTrue(generate.err().contains(corrupt.toString()), generate.err());

    TrainCommandTest.Captured evaluate =
        TrainCommandTest.run(
            "evaluate",
            "--model",
            corrupt.toString(),
            "--dataset",
            "mnist",
            "--classifier",
            corrupt.toString());
    assertEquals(2, evaluate.exit(), evaluate.err());
    assertOneErrorLine(evaluate.err());
  }

  @Test
  void debugPrintsTheTraceAfterTheSubcommandToo(@TempDir Path dir) {
    TrainCommandTest.Captured debug =
        TrainCommandTest.run("train", "--resume", dir.resolve("none").toString(), "--debug");
    assertEquals(2, debug.exit(), debug.err());
    assertTrue(debug.err().lines().anyMatch(l -> l.startsWith("error: ")), debug.err());
    assertTrue(debug.err().contains("\tat dev.jgan"), debug.err());
  }

  private static void assertOneErrorLine(String err) {
    long errors = err.lines().filter(l -> l.startsWith("error: ")).count();
    assertEquals(1, errors, err);
    assertFalse(err.contains("\tat "), "no stack trace: " + err);
  }
}
