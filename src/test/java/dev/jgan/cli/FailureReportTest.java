package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import dev.jgan.WriteFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureReportTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private FailureReport report(boolean debug) {
    return new FailureReport(new PrintStream(err, true, StandardCharsets.UTF_8), debug);
  }

  private String printed() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void expectedFailuresAreOneLineWithTheirExitCode(@TempDir Path dir) {
    WriteFailedException full =
        WriteFailedException.of(
            dir.resolve("run/checkpoints/ckpt-00000010"),
            3_000_000,
            new IOException("No space left on device"));
    assertEquals(1, report(false).report(full, Optional.of(dir)));
    assertEquals(1, report(false).report(new BadInputException("bad --x"), Optional.empty()) - 1);
    assertEquals(
        1,
        report(false)
            .report(new NoSuchFileException(dir.resolve("gone").toString()), Optional.empty()));
    String text = printed();
    assertEquals(3, text.lines().count(), text);
    assertTrue(text.lines().allMatch(l -> l.startsWith("error: ")), text);
    assertTrue(text.contains("ckpt-00000010") && text.contains("2.9 MiB"), text);
    assertFalse(Files.exists(dir.resolve("error.log")), "expected failures log no trace");
  }

  @Test
  void unexpectedFailuresAreOneLinePlusTheFileWithTheTrace(@TempDir Path dir) throws Exception {
    int code =
        report(false).report(new IllegalStateException("boom\nsecond line"), Optional.of(dir));
    assertEquals(1, code);
    String text = printed();
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.startsWith("failed: IllegalStateException: boom"), text);
    Path log = dir.resolve("error.log");
    assertTrue(text.contains(log.toString()), text);
    assertTrue(Files.readString(log).contains("at dev.jgan.cli.FailureReportTest"), "the trace");

    err.reset();
    report(false).report(new IllegalStateException("no run"), Optional.empty());
    String temp = printed().replaceAll(".*full trace in (\\S+);.*\\s*", "$1");
    assertTrue(Files.readString(Path.of(temp)).contains("no run"), printed());
    Files.delete(Path.of(temp));

    err.reset();
    report(true).report(new IllegalStateException("debug"), Optional.empty());
    assertTrue(printed().contains("\tat dev.jgan"), "--debug prints the trace: " + printed());
  }
}
