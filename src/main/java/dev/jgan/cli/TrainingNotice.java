package dev.jgan.cli;

import dev.jgan.run.RunFolder;
import dev.jgan.run.RunLock;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The note that {@code generate} and {@code evaluate} print when the run they read is being
 * trained: they still read, because exports are renamed into place whole (never half-written).
 */
final class TrainingNotice {
  private TrainingNotice() {}

  static Optional<String> of(Path model) {
    return RunFolder.containing(model)
        .flatMap(
            run ->
                RunLock.writer(run)
                    .map(
                        pid ->
                            "note: "
                                + run.root()
                                + " is being trained"
                                + (pid >= 0 ? " by process " + pid : "")
                                + "; reading its newest complete export (it may change when the"
                                + " run writes the next one)"));
  }

  /** The run folder {@code model} belongs to, for error.log. */
  static Optional<Path> runOf(Path model) {
    return RunFolder.containing(model).map(RunFolder::root);
  }
}
