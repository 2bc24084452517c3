package dev.jgan.cli;

import dev.jgan.BadInputException;
import dev.jgan.ClusterFailedException;
import dev.jgan.WriteFailedException;
import dev.jgan.run.RunFolder;
import dev.jgan.train.loop.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * How a failed command tells the user: expected failures (bad input, a full disk, a diverged run, a
 * file the system refused) are one {@code error:} line; unexpected ones (bugs, TensorFlow errors)
 * one {@code failed:} line plus the file holding the full stack trace, so that a terminal is never
 * filled with one. {@code --debug} or {@code JGAN_DEBUG=1} print the trace as well.
 */
final class FailureReport {
  /** The environment variable that asks for stack traces on the terminal. */
  static final String DEBUG_VARIABLE = "JGAN_DEBUG";

  private final PrintStream err;
  private final boolean debug;

  FailureReport(PrintStream err, boolean debug) {
    this.err = err;
    this.debug = debug;
  }

  /** Whether {@code JGAN_DEBUG} asks for stack traces (any value but empty, 0 or false). */
  static boolean debugFromEnvironment() {
    String value = System.getenv(DEBUG_VARIABLE);
    return value != null && !value.isBlank() && !value.equals("0") && !value.equals("false");
  }

  /**
   * Reports {@code e} and returns the exit code.
   *
   * @param run the run folder the command works on, where error.log goes (else a temp file)
   */
  int report(Throwable e, Optional<Path> run) {
    Optional<String> expected = expectedLine(e);
    if (expected.isPresent()) {
      err.println("error: " + expected.get());
      if (debug) {
        e.printStackTrace(err);
      }
      return e instanceof BadInputException ? GanCli.EXIT_BAD_INPUT : GanCli.EXIT_FAILURE;
    }
    String line = firstLine(e);
    if (debug) {
      err.println("failed: " + line);
      e.printStackTrace(err);
      return GanCli.EXIT_FAILURE;
    }
    Optional<Path> log = writeTrace(e, run);
    err.println(
        "failed: "
            + line
            + log.map(p -> " (full trace in " + p + "; " + DEBUG_VARIABLE + "=1 prints it)")
                .orElse(" (run with " + DEBUG_VARIABLE + "=1 for the stack trace)"));
    return GanCli.EXIT_FAILURE;
  }

  /** The one line of an expected failure, or empty for an unexpected one. */
  static Optional<String> expectedLine(Throwable e) {
    if (e instanceof BadInputException
        || e instanceof WriteFailedException
        || e instanceof TrainingDivergedException
        || e instanceof ClusterFailedException) {
      return Optional.of(e.getMessage());
    }
    if (e instanceof FileSystemException f) {
      // The system refused a file (missing, permissions, full disk): its message names the file.
      return Optional.of(
          "cannot use "
              + (f.getFile() != null ? f.getFile() : "a file")
              + " ("
              + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName())
              + ")");
    }
    return Optional.empty();
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
    return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  /** Appends the trace to RUN/error.log, else to a new temp file; empty if neither can be. */
  private static Optional<Path> writeTrace(Throwable e, Optional<Path> run) {
    StringWriter trace = new StringWriter();
    try (PrintWriter out = new PrintWriter(trace)) {
      out.println("--- " + Instant.now() + " (jgan, pid " + ProcessHandle.current().pid() + ")");
      e.printStackTrace(out);
    }
    byte[] bytes = trace.toString().getBytes(StandardCharsets.UTF_8);
    if (run.isPresent() && Files.isDirectory(run.get())) {
      Path log = run.get().resolve(RunFolder.ERROR_LOG);
      try {
        Files.write(log, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return Optional.of(log);
      } catch (IOException ignored) {
        // a full or read-only run folder: fall back to a temp file
      }
    }
    try {
      Path temp = Files.createTempFile("jgan-error-", ".log");
      Files.write(temp, bytes);
      return Optional.of(temp);
    } catch (IOException ignored) {
      return Optional.empty();
    }
  }
}
