package dev.jgan.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.config.ConfigResolver;
import dev.jgan.run.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where evaluate finds the data set's files when --data is not given. */
class EvaluationDataTest {
  @Test
  void aRunTrainedWithDataIsEvaluatedOnTheSameFiles(@TempDir Path dir) throws Exception {
    Path files = Files.createDirectories(dir.resolve("fashion-files"));
    RunFolder run = trainedOn(dir.resolve("run"), "fashion-mnist", files);
    Path export = Files.createDirectories(run.export());

    assertEquals(
        Optional.of(files), Evaluation.data(request(export, Optional.empty()), "fashion-mnist"));
    Path asked = dir.resolve("other");
    assertEquals(
        Optional.of(asked),
        Evaluation.data(request(export, Optional.of(asked)), "fashion-mnist"),
        "--data wins");
    assertEquals(
        Optional.empty(),
        Evaluation.data(request(export, Optional.empty()), "mnist"),
        "the run's files are not another data set's");
    Files.delete(files);
    assertEquals(
        Optional.empty(),
        Evaluation.data(request(export, Optional.empty()), "fashion-mnist"),
        "files that are gone: the cache and the download");
  }

  private static RunFolder trainedOn(Path root, String dataset, Path data) throws Exception {
    RunFolder run = RunFolder.check(root).create();
    run.writeConfig(
        new ConfigResolver().flags(Map.of("dataset", dataset, "data", data.toString())).resolve());
    return run;
  }

  private static Evaluation.Request request(Path model, Optional<Path> data) {
    return new Evaluation.Request(model, null, data, 100, 1, null, null);
  }
}
