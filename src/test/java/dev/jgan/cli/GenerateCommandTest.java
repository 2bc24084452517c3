package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.generate.Npy;
import dev.jgan.generate.TestGenerators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            "--noise",
            "--label",
            "--labels")) {
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
  void conditionalModelsMakeTheAskedClasses(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.conditionalRun(dir, 3);
    Npy.Array sevens = generate(run, dir.resolve("a"), "--label", "2", "--count", "3");
    assertArrayEquals(new long[] {3, 28, 28, 1}, sevens.shape());
    // --labels without --count: one image per label; the same z (seed 42, images 0..2).
    Npy.Array same = generate(run, dir.resolve("b"), "--labels", "2,2,2");
    assertArrayEquals(sevens.data(), same.data());
    Npy.Array mixed = generate(run, dir.resolve("c"), "--labels", "2,1,0");
    assertArrayEquals(new long[] {3, 28, 28, 1}, mixed.shape());
    int pixels = 28 * 28;
    assertArrayEquals(
        Arrays.copyOf(sevens.data(), pixels), Arrays.copyOf(mixed.data(), pixels), "label 2");
    for (int i = 1; i < 3; i++) {
      assertFalse(
          Arrays.equals(
              Arrays.copyOfRange(sevens.data(), i * pixels, (i + 1) * pixels),
              Arrays.copyOfRange(mixed.data(), i * pixels, (i + 1) * pixels)),
          "image " + i + ": label " + (2 - i) + " is not label 2");
    }
    // No labels: 0, 1, 2, 0, ... in turn, and said so.
    TrainCommandTest.Captured c =
        TrainCommandTest.run(
            "generate",
            "--model",
            run.toString(),
            "--count",
            "4",
            "--format",
            "npy",
            "--out",
            dir.resolve("d").toString());
    assertEquals(0, c.exit(), c.err());
    assertTrue(c.out().contains("labels 0..2 in turn"), c.out());
    Npy.Array cycling = Npy.read(dir.resolve("d/images.npy"));
    assertArrayEquals(
        generate(run, dir.resolve("e"), "--labels", "0,1,2,0").data(), cycling.data());
    c =
        TrainCommandTest.run(
            "generate",
            "--model",
            run.toString(),
            "--labels",
            "0,1,2,0,1",
            "--format",
            "png",
            "--out",
            dir.resolve("f").toString());
    assertEquals(0, c.exit(), c.err());
    assertTrue(Files.exists(dir.resolve("f/000004.png")));
    assertFalse(Files.exists(dir.resolve("f/000005.png")));
  }

  @Test
  void badLabelsExitTwo(@TempDir Path dir) throws Exception {
    String conditional = TestGenerators.conditionalRun(dir.resolve("c"), 3).toString();
    String plain = TestGenerators.mnistRun(dir.resolve("u")).toString();
    Path out = dir.resolve("out");
    Map<List<String>, String> cases = new LinkedHashMap<>();
    cases.put(List.of("--model", conditional, "--label", "3"), "--label 3: the model has 3");
    cases.put(List.of("--model", conditional, "--label", "-1"), "--label -1");
    cases.put(List.of("--model", conditional, "--labels", "0,3,1"), "--labels 3");
    cases.put(
        List.of("--model", conditional, "--labels", "0,1", "--count", "3"),
        "--count 3 conflicts with --labels");
    cases.put(
        List.of("--model", conditional, "--label", "1", "--labels", "0,1"), "--label and --labels");
    cases.put(
        List.of("--model", conditional, "--interpolate", "--steps", "3", "--labels", "0,1"),
        "--labels gives 2 labels for 3 images");
    cases.put(List.of("--model", plain, "--label", "0"), "is unconditional");
    cases.put(List.of("--model", plain, "--labels", "0,1"), "is unconditional");
    cases.forEach(
        (args, message) -> {
          List<String> all = new ArrayList<>(List.of("generate", "--out", out.toString()));
          all.addAll(args);
          TrainCommandTest.Captured c = TrainCommandTest.run(all.toArray(String[]::new));
          assertEquals(2, c.exit(), args + " -> " + c.err());
          assertTrue(c.err().startsWith("error: ") && c.err().contains(message), c.err());
          assertFalse(Files.exists(out), args + " must write nothing");
        });
  }

  /** Runs generate --format npy with the arguments into {@code out} and reads the array. */
  private static Npy.Array generate(Path run, Path out, String... args) throws Exception {
    List<String> all =
        new ArrayList<>(List.of("generate", "--model", run.toString(), "--format", "npy", "--out"));
    all.add(out.toString());
    all.addAll(List.of(args));
    TrainCommandTest.Captured c = TrainCommandTest.run(all.toArray(String[]::new));
    assertEquals(0, c.exit(), all + " -> " + c.err());
    return Npy.read(out.resolve("images.npy"));
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
