package dev.jgan.train.listen;

import dev.jgan.export.ImageGrid;
import dev.jgan.model.ImageShape;
import dev.jgan.random.NoiseSource;
import dev.jgan.train.GanSession;
import java.awt.image.BufferedImage;
import java.util.function.Supplier;

/**
 * The sample grid of each epoch's end: G in inference mode on noise fixed by the seed, so
 * successive grids show the same latent points as training moves them. Drawn in memory for the
 * epoch's event ({@link SampleGridWriter} saves it, {@link TensorBoardListener} shows it).
 *
 * <p>Unconditional: side x side images. Conditional (K classes): one row per class and side
 * columns; column j uses the same z in every row, so a column shows one latent point drawn as each
 * class. With more than {@link #MAX_CLASS_ROWS} classes the grid shows that many, spread evenly
 * over [0, K).
 */
public final class SampleGrid implements Supplier<BufferedImage> {
  /** Rows of a conditional grid at most: 20 rows of 28-pixel images at 2x stay under 1200 px. */
  public static final int MAX_CLASS_ROWS = 20;

  private final GanSession session;
  private final ImageShape shape;
  private final int columns;
  private final int count;
  private final float[] fixedNoise;
  private final int[] labels; // null when unconditional

  /**
   * @param side the grid is side x side images (unconditional) or rows x side (conditional)
   * @param classes K of a conditional model, 0 for an unconditional one
   */
  public SampleGrid(
      GanSession session, ImageShape shape, int side, NoiseSource noise, int classes) {
    this.session = session;
    this.shape = shape;
    this.columns = side;
    if (classes == 0) {
      this.count = side * side;
      this.fixedNoise = noise.sample(0, NoiseSource.FIXED, count);
      this.labels = null;
    } else {
      int[] rows = rowClasses(classes);
      this.count = rows.length * side;
      float[] row = noise.sample(0, NoiseSource.FIXED, side);
      this.fixedNoise = new float[count * noise.latentDim()];
      this.labels = new int[count];
      for (int r = 0; r < rows.length; r++) {
        System.arraycopy(row, 0, fixedNoise, r * row.length, row.length);
        java.util.Arrays.fill(labels, r * side, (r + 1) * side, rows[r]);
      }
    }
  }

  /**
   * The class of each row of a conditional grid: 0..K-1, or for K &gt; {@link #MAX_CLASS_ROWS} that
   * many classes spread evenly, r * K / rows (the first is 0).
   */
  public static int[] rowClasses(int classes) {
    int rows = Math.min(classes, MAX_CLASS_ROWS);
    int[] out = new int[rows];
    for (int r = 0; r < rows; r++) {
      out[r] = (int) ((long) r * classes / rows);
    }
    return out;
  }

  /** G's images of the fixed latents now, as one picture at viewing scale. */
  @Override
  public BufferedImage get() {
    float[] images = session.generate(fixedNoise, labels, count);
    return ImageGrid.render(images, shape, count, columns, ImageGrid.viewingScale(shape));
  }
}
