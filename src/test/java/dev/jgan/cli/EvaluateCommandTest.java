package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.generate.TestGenerators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to 'gan evaluate' exits 2 with the value and the fix, before any data is loaded. */
class EvaluateCommandTest {
  @TempDir Path cache;
  private String previousCache;

  @BeforeEach
  void privateCache() {
    // The bundled classifier is extracted into the cache: keep it out of ~/.cache/jgan.
    previousCache = System.getProperty("jgan.cache");
    System.setProperty("jgan.cache", cache.toString());
  }

  @AfterEach
  void restoreCache() {
    if (previousCache == null) {
      System.clearProperty("jgan.cache");
    } else {
      System.setProperty("jgan.cache", previousCache);
    }
  }

  @Test
  void helpListsTheFlags() {
    TrainCommandTest.Captured c = TrainCommandTest.run("evaluate", "--help");
    assertEquals(0, c.exit());
    for (String flag :
        List.of("--model", "--dataset", "--count", "--json", "--seed", "--data", "--classifier")) {
      assertTrue(c.out().contains(flag), "help lacks " + flag);
    }
  }

  @Test
  void badInputExitsTwoNamingTheValueAndTheFix(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.mnistRun(dir.resolve("mnist"));
    Path colour = TestGenerators.colourRun(dir.resolve("colour"));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    String m = run.toString();
    expectBadInput(
        "--count 20000 is outside 10..10000",
        "--model",
        m,
        "--dataset",
        "mnist",
        "--count",
        "20000");
    expectBadInput("--count 3 is outside", "--model", m, "--dataset", "mnist", "--count", "3");
    expectBadInput(
        "does not exist", "--model", dir.resolve("nope").toString(), "--dataset", "mnist");
    expectBadInput("is neither a run folder", "--model", empty.toString(), "--dataset", "mnist");
    expectBadInput(
        "makes 8x8x3 images, but the mnist classifier takes 28x28x1",
        "--model",
        colour.toString(),
        "--dataset",
        "mnist");
    expectBadInput(
        "--classifier " + dir.resolve("no-classifier") + " does not exist",
        "--model",
        m,
        "--dataset",
        "mnist",
        "--classifier",
        dir.resolve("no-classifier").toString());
    expectBadInput(
        "is not a SavedModel folder",
        "--model",
        m,
        "--dataset",
        "mnist",
        "--classifier",
        empty.toString());
    // A SavedModel outside a run folder: no config.json names its data set (an export inside a
    // run folder is evaluated on its run's data set).
    Path bare = dir.resolve("bare-export");
    try (var files = Files.walk(run.resolve("export"))) {
      for (Path from : files.toList()) {
        Files.copy(from, bare.resolve(run.resolve("export").relativize(from).toString()));
      }
    }
    expectBadInput("--dataset is needed", "--model", bare.toString());
    expectBadInput("unknown data set 'cifar'", "--model", m, "--dataset", "cifar");
  }

  @Test
  void aGeneratorIsNotAClassifier(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.mnistRun(dir);
    expectBadInput(
        "has no 'features' signature",
        "--model",
        run.toString(),
        "--dataset",
        "mnist",
        "--classifier",
        run.resolve("export").toString());
  }

  private static void expectBadInput(String message, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "evaluate";
    System.arraycopy(args, 0, all, 1, args.length);
    TrainCommandTest.Captured c = TrainCommandTest.run(all);
    assertEquals(2, c.exit(), String.join(" ", args) + " -> " + c.err());
    String errorLine =
        c.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(c.err());
    assertTrue(errorLine.contains(message), "expected '" + message + "' in: " + c.err());
    assertTrue(c.out().isEmpty(), "no report on bad input: " + c.out());
  }
}
