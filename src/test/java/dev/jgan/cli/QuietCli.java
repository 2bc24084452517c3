package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The rule for tests of expected failures (grep for {@code QuietCli}): run the CLI through {@link
 * #run} (in this JVM, both streams captured, so picocli's usage text never reaches the terminal) or
 * {@link #fork}/{@link #start} (a JVM of its own whose stderr, TensorFlow's native log lines
 * included, goes to a file), then {@link Result#assertOneError}. The surefire configuration sets
 * {@code TF_CPP_MIN_LOG_LEVEL=2} as the launcher does, so the native lines of in-JVM runs stay off
 * the terminal too.
 */
final class QuietCli {
  /** TensorFlow's native log lines: tsl's ({@code W tensorflow/...}) and absl's ({@code E0000}). */
  static final Pattern NATIVE_LOG =
      Pattern.compile(
          "(^|\\s)[IWEF] (tensorflow|external)/|^[IWEF]\\d{4} |^WARNING: All log messages before",
          Pattern.MULTILINE);

  private QuietCli() {}

  /** What one run printed and returned. */
  record Result(int exit, String out, String err) {
    /**
     * Asserts the exit code, exactly one {@code error:} line holding {@code expected}, no stack
     * trace, no native log line and no usage text.
     */
    void assertOneError(int code, String expected) {
      String all = "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
      assertEquals(code, exit, all);
      List<String> errors = err.lines().filter(l -> l.startsWith("error: ")).toList();
      assertEquals(1, errors.size(), all);
      assertTrue(errors.get(0).contains(expected), "wanted '" + expected + "' in: " + all);
      assertFalse(err.contains("\tat "), "a stack trace: " + all);
      assertFalse(NATIVE_LOG.matcher(err).find(), "a native log line: " + all);
      assertFalse(err.contains("Usage: ") || out.contains("Usage: "), "the usage text: " + all);
    }
  }

  /** Runs {@code gan args} in this JVM with stdout and stderr captured. */
  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = GanCli.execute(args);
      return new Result(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /**
   * Starts {@code gan args} in a JVM of its own, stdout to {@code log} and stderr to {@code log} +
   * ".err", with {@code env} added to the environment (a null value removes the variable).
   */
  static Process start(Path log, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), GanCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(log.toFile())
            .redirectError(errorLog(log).toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    env.forEach(
        (k, v) -> {
          if (v == null) {
            builder.environment().remove(k);
          } else {
            builder.environment().put(k, v);
          }
        });
    return builder.start();
  }

  /** Where {@link #start} sends stderr. */
  static Path errorLog(Path log) {
    return log.resolveSibling(log.getFileName() + ".err");
  }

  /** Waits for a process of {@link #start} and returns what it printed. */
  static Result finish(Process p, Path log, int seconds) throws Exception {
    boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    Result r = new Result(p.exitValue(), Files.readString(log), Files.readString(errorLog(log)));
    assertTrue(done, "still running after " + seconds + " s: " + r);
    return r;
  }

  /** Runs {@code gan args} in a JVM of its own and returns what it printed. */
  static Result fork(Path dir, Map<String, String> env, String... args) throws Exception {
    Path log = Files.createTempFile(dir, "gan-", ".log");
    return finish(start(log, env, args), log, 180);
  }
}
