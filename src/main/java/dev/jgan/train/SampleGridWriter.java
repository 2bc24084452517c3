package dev.jgan.train;

import dev.jgan.export.ImageGrid;
import dev.jgan.model.ImageShape;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code samples/epoch-NNN.png} at the end of each epoch: G in inference mode on noise fixed
 * by the seed, so successive grids show the same latent points as training moves them.
 */
public final class SampleGridWriter implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(SampleGridWriter.class);
  private final Path folder;
  private final ImageShape shape;
  private final int side;
  private final float[] fixedNoise;

  /**
   * @param side the grid is side x side images
   */
  public SampleGridWriter(Path folder, ImageShape shape, int side, NoiseSource noise) {
    this.folder = folder;
    this.shape = shape;
    this.side = side;
    this.fixedNoise = noise.sample(0, NoiseSource.FIXED, side * side);
  }

  /** The grid of one epoch: {@code samples/epoch-NNN.png}. */
  public static Path file(Path folder, int epoch) {
    return folder.resolve(String.format("epoch-%03d.png", epoch));
  }

  @Override
  public void onEpochEnd(int epoch, long step, GanSession session) throws IOException {
    float[] images = session.generate(fixedNoise, side * side);
    Path file = file(folder, epoch);
    ImageGrid.write(
        ImageGrid.render(images, shape, side * side, side, ImageGrid.viewingScale(shape)), file);
    LOG.info("epoch {}: samples in {}", epoch, file);
  }
}
