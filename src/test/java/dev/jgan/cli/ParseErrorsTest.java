package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26: every refusal of a command line is exit 2 and one {@code error:} line naming the flag
 * and the value, with no usage dump and no run folder. One test per cause.
 */
class ParseErrorsTest {
  @Test
  void anUnknownOptionIsNamedWithItsValue(@TempDir Path dir) {
    String line = refused(dir, "train", "--frobnicate", "3");
    assertTrue(line.contains("unknown option --frobnicate 3"), line);
    assertTrue(line.endsWith("see 'gan train --help'"), line);
  }

  @Test
  void aSettingFlagOfTheWrongTypeNamesTheExpectedType(@TempDir Path dir) {
    String line = refused(dir, "train", "--batch-size", "x");
    assertTrue(line.contains("--batch-size x: expected an integer"), line);
  }

  @Test
  void aFractionForAnIntegerFlagIsRefused(@TempDir Path dir) {
    String line = refused(dir, "train", "--batch-size", "16.7");
    assertTrue(line.contains("--batch-size 16.7"), line);
  }

  @Test
  void anOptionOfAnotherCommandOfTheWrongTypeSaysTheSame(@TempDir Path dir) {
    String line = refused(dir, "generate", "--model", dir.toString(), "--count", "x");
    assertTrue(line.contains("--count x: expected an integer"), line);
    assertTrue(line.endsWith("see 'gan generate --help'"), line);
  }

  @Test
  void aShorthandFlagIsNamedAsTyped(@TempDir Path dir) {
    String line = refused(dir, "train", "--lr", "-1");
    assertTrue(line.contains("--lr -1: it must be a positive number"), line);
    assertFalse(line.contains("--g-lr"), line);
  }

  @Test
  void anOverlongTimeBudgetGetsACleanLine(@TempDir Path dir) {
    String line = refused(dir, "train", "--time-budget", "99999999999999999999h");
    assertTrue(line.contains("--time-budget 99999999999999999999h: too long"), line);
    assertFalse(line.contains("For input string"), line);
  }

  @Test
  void aBadAugmentPolicyIsNamedWithTheChoices(@TempDir Path dir) {
    String line = refused(dir, "train", "--augment", "translation,rotate");
    assertTrue(
        line.contains(
            "--augment translation,rotate: 'rotate' is not one; choose none or one or more of"
                + " color, cutout, translation, comma-separated"),
        line);
    line = refused(dir, "train", "--augment", "color,color");
    assertTrue(line.contains("--augment color,color: 'color' is named twice"), line);
  }

  @Test
  void aBadValueInAConfigFileNamesTheKeyAndTheFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.properties"), "batch_size=abc\n");
    String line = refused(dir, "train", "--config", file.toString());
    assertTrue(line.contains("batch_size in " + file + ": abc; expected an integer"), line);
    Path text = Files.writeString(dir.resolve("text.json"), "{\"batch_size\": \"x\"}");
    line = refused(dir, "train", "--config", text.toString());
    assertTrue(line.contains("batch_size in " + text + ": \"x\"; expected an integer"), line);
    Path nested = Files.writeString(dir.resolve("nested.json"), "{\"g_hidden\": {\"a\": [1]}}");
    line = refused(dir, "train", "--config", nested.toString());
    assertTrue(line.contains("g_hidden in " + nested), line);
    assertTrue(line.contains("expected a list of integers"), line);
  }

  @Test
  void aFractionInAConfigFileIsNotTruncated(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"batch_size\": 16.7}");
    String line = refused(dir, "train", "--config", file.toString());
    assertTrue(line.contains("batch_size in " + file + ": 16.7; not an integer"), line);
  }

  /** Runs the CLI with {@code --out} in {@code dir}; asserts the refusal and returns its line. */
  private static String refused(Path dir, String... args) {
    Path out = dir.resolve("run");
    List<String> all = new java.util.ArrayList<>(List.of(args));
    if (args[0].equals("train")) {
      all.addAll(List.of("--out", out.toString()));
    }
    TrainCommandTest.Captured c = TrainCommandTest.run(all.toArray(String[]::new));
    assertEquals(2, c.exit(), c.err());
    List<String> lines = c.err().lines().toList();
    assertEquals(1, lines.size(), "one line, no usage: " + c.err());
    assertTrue(lines.get(0).startsWith("error: "), c.err());
    assertEquals("", c.out(), "no usage on stdout either");
    assertFalse(Files.exists(out), "nothing written");
    return lines.get(0);
  }
}
