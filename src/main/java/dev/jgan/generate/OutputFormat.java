package dev.jgan.generate;

import dev.jgan.BadInputException;
import dev.jgan.model.ImageShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code gan generate} writes into its output folder. */
public enum OutputFormat {
  /** One PNG, {@code grid.png}, tiling every image. */
  GRID,
  /** One PNG per image: {@code 000000.png}, {@code 000001.png}, ... */
  PNG,
  /** {@code images-idx3-ubyte}: MNIST's IDX format, uint8 [N, H, W] (1-channel images only). */
  IDX,
  /** {@code images.npy}: NumPy float32 [N, H, W, C], values in [-1, 1]. */
  NPY;

  public static final String GRID_FILE = "grid.png";
  public static final String IDX_FILE = "images-idx3-ubyte";
  public static final String NPY_FILE = "images.npy";

  /** The flag's spelling: grid, png, idx, npy. */
  public String flag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The files a run of {@code count} images writes, relative to the output folder. */
  public List<String> fileNames(int count) {
    return switch (this) {
      case GRID -> List.of(GRID_FILE);
      case IDX -> List.of(IDX_FILE);
      case NPY -> List.of(NPY_FILE);
      case PNG -> {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          names.add(pngName(i, count));
        }
        yield names;
      }
    };
  }

  /** 000000.png ...; wider when there are a million images or more. */
  static String pngName(int index, int count) {
    int digits = Math.max(6, String.valueOf(Math.max(0, count - 1)).length());
    return String.format(Locale.ROOT, "%0" + digits + "d.png", index);
  }

  /** Whether {@code name} is one of the names {@link #pngName} gives {@code count} images. */
  static boolean isPngName(String name, int count) {
    int digits = Math.max(6, String.valueOf(Math.max(0, count - 1)).length());
    if (name.length() != digits + 4 || !name.endsWith(".png")) {
      return false;
    }
    for (int i = 0; i < digits; i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return false;
      }
    }
    return Long.parseLong(name.substring(0, digits)) < count;
  }

  /** Throws when this format cannot hold images of this shape. */
  public void checkShape(ImageShape shape) {
    if (this == IDX && shape.channels() != 1) {
      throw new BadInputException(
          "--format idx holds 1-channel images only, but the model makes "
              + shape.height()
              + "x"
              + shape.width()
              + "x"
              + shape.channels()
              + " images; use --format npy, png or grid");
    }
  }
}
