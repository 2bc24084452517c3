package dev.jgan.train;

import dev.jgan.monitor.TensorBoardWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Sends the training loop's numbers to TensorBoard: per step D's and G's losses, D(x) ({@code
 * d_real}), D(G(z)) ({@code d_fake}) and images/s; per epoch the sample grid that {@code
 * SampleGridWriter} wrote (read back from its PNG, so TensorBoard shows exactly the file on disk).
 * Register it after the grid writer.
 */
public final class TensorBoardListener implements TrainingListener {
  private final TensorBoardWriter writer;
  private final Path samples;

  /**
   * @param samples the folder of {@code epoch-NNN.png} grids
   */
  public TensorBoardListener(TensorBoardWriter writer, Path samples) {
    this.writer = writer;
    this.samples = samples;
  }

  @Override
  public void onStep(StepMetrics m) {
    Map<String, Float> values = new LinkedHashMap<>();
    // The names of metrics.jsonl, so one vocabulary serves both.
    values.put("d_loss", m.losses().dLoss());
    values.put("g_loss", m.losses().gLoss());
    values.put("d_real", m.losses().dReal());
    values.put("d_fake", m.losses().dFake());
    values.put("images_per_sec", (float) m.imagesPerSecond());
    writer.scalars(m.step(), values);
  }

  @Override
  public void onEpochEnd(int epoch, long step, GanSession session) throws IOException {
    Path grid = SampleGridWriter.file(samples, epoch);
    if (Files.exists(grid)) {
      BufferedImage image = ImageIO.read(grid.toFile());
      if (image != null) {
        writer.image("samples", step, image);
      }
    }
    writer.flush();
  }

  @Override
  public void onFinish(long step, GanSession session) {
    writer.flush();
  }
}
