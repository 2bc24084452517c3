package dev.jgan.train;

import dev.jgan.WriteFailedException;
import dev.jgan.config.TrainConfig;
import dev.jgan.export.DiscriminatorExporter;
import dev.jgan.export.GeneratorExporter;
import dev.jgan.model.GanModel;
import dev.jgan.run.RunFolder;
import dev.jgan.train.checkpoint.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * The exports of a finished run's last checkpoint: export/, the EMA generator when the run has one
 * (what the grids show), else the raw weights; export-raw/ and export-discriminator/ on request.
 */
final class RunExports {
  private static final Logger LOG = LoggerFactory.getLogger(RunExports.class);

  private RunExports() {}

  static void write(
      TrainConfig config, GanModel model, Checkpoints.Checkpoint last, RunFolder folder) {
    boolean ema = config.emaDecay() > 0;
    writing(
        folder.export(),
        () -> GeneratorExporter.export(model, last.prefix(), folder.export(), ema));
    LOG.info("exported the {} generator to {}", ema ? "EMA (averaged)" : "raw", folder.export());
    if (config.exportRawGenerator()) {
      writing(
          folder.rawExport(),
          () -> GeneratorExporter.export(model, last.prefix(), folder.rawExport(), false));
      LOG.info("exported the raw generator to {}", folder.rawExport());
    }
    if (config.exportDiscriminator()) {
      writing(
          folder.discriminatorExport(),
          () -> DiscriminatorExporter.export(model, last.prefix(), folder.discriminatorExport()));
      LOG.info("exported the discriminator to {}", folder.discriminatorExport());
    }
  }

  /** An export written to {@code target}; its failure (a full disk) names the target. */
  @FunctionalInterface
  private interface Write {
    void run() throws IOException;
  }

  private static void writing(Path target, Write write) {
    try {
      write.run();
    } catch (IOException | TensorFlowException e) {
      throw WriteFailedException.of(target, WriteFailedException.UNKNOWN, e);
    }
  }
}
