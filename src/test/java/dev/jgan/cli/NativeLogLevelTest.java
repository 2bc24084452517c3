package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.generate.TestGenerators;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 row 5: a load jgan checks itself fails with one line, without TensorFlow's native
 * warnings first, at the log level the launcher sets ({@code TF_CPP_MIN_LOG_LEVEL=2} unless
 * --debug). The variable is read by the native library once, so each case is a JVM of its own.
 */
class NativeLogLevelTest {
  @Test
  void aTruncatedVariablesFileIsOneLineAtTheLaunchersLevel(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.mnistRun(dir);
    Path data;
    try (Stream<Path> s = Files.list(run.resolve("export/variables"))) {
      data =
          s.filter(p -> p.getFileName().toString().startsWith("variables.data"))
              .findFirst()
              .orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    String[] args = {"generate", "--model", run.toString(), "--out", dir.resolve("g").toString()};

    QuietCli.Result quiet = QuietCli.fork(dir, Map.of("TF_CPP_MIN_LOG_LEVEL", "2"), args);
    quiet.assertOneError(2, "cannot load the SavedModel");

    // What --debug gets (level 1): TensorFlow's warnings are there, so the level is what kept
    // them off above.
    QuietCli.Result debug = QuietCli.fork(dir, Map.of("TF_CPP_MIN_LOG_LEVEL", "1"), args);
    assertTrue(QuietCli.NATIVE_LOG.matcher(debug.err()).find(), debug.err());
  }
}
