package dev.jgan.cli;

import dev.jgan.BadInputException;
import dev.jgan.runtime.ClusterSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a command finds its cluster: {@code --cluster FILE} (with the task from a flag), else
 * {@code TF_CONFIG} (cluster and task), as TensorFlow users set it.
 */
final class ClusterOptions {
  private ClusterOptions() {}

  /**
   * The cluster and this process's task, or empty when neither {@code --cluster} nor {@code
   * TF_CONFIG} is given.
   *
   * @param file the {@code --cluster} value, or null
   * @param task this process's task when {@code file} is given
   */
  static Optional<ClusterSpec.Config> resolve(Path file, ClusterSpec.Task task) {
    if (file != null) {
      ClusterSpec spec = ClusterSpec.read(file);
      spec.address(task); // the task must be in it
      return Optional.of(new ClusterSpec.Config(spec, task));
    }
    String env = System.getenv(ClusterSpec.TF_CONFIG);
    if (env == null || env.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(ClusterSpec.fromTfConfig(env));
  }

  /** Fails unless {@code config}'s task is of {@code job}, saying which command that task runs. */
  static void requireJob(ClusterSpec.Config config, String job) {
    if (!config.task().job().equals(job)) {
      throw new BadInputException(
          ClusterSpec.TF_CONFIG
              + " names "
              + config.task().job()
              + " task "
              + config.task().index()
              + ": run "
              + (job.equals(ClusterSpec.CHIEF) ? "gan worker" : "gan train")
              + " for it");
    }
  }
}
