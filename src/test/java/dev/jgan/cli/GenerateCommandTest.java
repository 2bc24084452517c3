package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.generate.TestGenerators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
  @Test
  void helpListsTheFlagsAndExitsZero() {
    TrainCommandTest.Captured c = TrainCommandTest.run("generate", "--help");
    assertEquals(0, c.exit());
    for (String flag :
        List.of(
            "--model",
            "--count",
            "--seed",
            "--out",
            "--format",
            "--z-file",
            "--interpolate",
            "--steps",
            "--points",
            "--path",
            "--batch-size",
            "--noise")) {
      assertTrue(c.out().contains(flag), "help lacks " + flag);
    }
  }

  @Test
  void badValuesExitTwoWithOneErrorLine(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path missing = dir.resolve("no-model");
    for (String[] args :
        List.of(
            new String[] {"--model", missing.toString(), "--count", "0"},
            new String[] {"--model", missing.toString()},
            new String[] {"--model", missing.toString(), "--format", "gif"},
            new String[] {"--model", missing.toString(), "--path", "curvy"},
            new String[] {"--model", missing.toString(), "--interpolate", "--steps", "1"},
            new String[] {"--count", "3"})) {
      String[] all = new String[args.length + 3];
      all[0] = "generate";
      all[1] = "--out";
      all[2] = out.toString();
      System.arraycopy(args, 0, all, 3, args.length);
      TrainCommandTest.Captured c = TrainCommandTest.run(all);
      assertEquals(2, c.exit(), String.join(" ", args) + " -> " + c.err());
      assertFalse(c.err().isBlank());
      assertFalse(Files.exists(out));
    }
    TrainCommandTest.Captured c =
        TrainCommandTest.run("generate", "--model", missing.toString(), "--count", "0");
    assertTrue(c.err().startsWith("error: --count 0"), c.err());
  }

  @Test
  void generatesAGridAndReportsTheRate(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.mnistRun(dir);
    Path out = dir.resolve("images");
    TrainCommandTest.Captured c =
        TrainCommandTest.run(
            "generate", "--model", run.toString(), "--count", "12", "--out", out.toString());
    assertEquals(0, c.exit(), c.err());
    assertTrue(Files.size(out.resolve("grid.png")) > 0);
    assertTrue(c.out().contains("images/s"), c.out());

    c =
        TrainCommandTest.run(
            "generate", "--model", run.toString(), "--count", "12", "--out", out.toString());
    assertEquals(2, c.exit(), "an existing grid.png is refused");
    assertTrue(c.err().startsWith("error: ") && c.err().contains("grid.png"), c.err());

    c =
        TrainCommandTest.run(
            "generate",
            "--model",
            run.resolve("export").toString(),
            "--interpolate",
            "--path",
            "slerp",
            "--points",
            "3",
            "--steps",
            "5",
            "--format",
            "png",
            "--out",
            dir.resolve("walk").toString());
    assertEquals(0, c.exit(), c.err());
    assertTrue(Files.exists(dir.resolve("walk/000009.png")));
    assertFalse(Files.exists(dir.resolve("walk/000010.png")));
  }
}
