package dev.jgan.train.listen;

import dev.jgan.export.ImageGrid;
import dev.jgan.train.loop.EpochEnd;
import dev.jgan.train.loop.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Saves each epoch's sample grid as {@code samples/epoch-NNN.png}. */
public final class SampleGridWriter implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(SampleGridWriter.class);
  private final Path folder;

  public SampleGridWriter(Path folder) {
    this.folder = folder;
  }

  /** The grid of one epoch: {@code samples/epoch-NNN.png}. */
  public static Path file(Path folder, int epoch) {
    return folder.resolve(String.format("epoch-%03d.png", epoch));
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) throws IOException {
    Path file = file(folder, epoch.epoch());
    ImageGrid.write(epoch.grid(), file);
    LOG.info("epoch {}: samples in {}", epoch.epoch(), file);
  }
}
