package dev.jgan.generate;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Latent vectors given by the user ({@code --z-file}): a .npy float32 array [N, latent] or
 * [latent], or a text file with one vector per line (floats separated by whitespace or commas;
 * blank lines and lines starting with '#' are skipped).
 */
public final class LatentFile {
  private LatentFile() {}

  /** Reads the vectors and checks that their width is the model's latent width. */
  public static float[][] read(Path file, int latentDim) {
    float[][] rows = read(file);
    int width = rows[0].length;
    if (width != latentDim) {
      throw new BadInputException(
          "--z-file "
              + file
              + " holds vectors of width "
              + width
              + " but the model's latent width is "
              + latentDim
              + "; give "
              + latentDim
              + " values per vector");
    }
    return rows;
  }

  /** Reads the vectors (at least one, all of one width). */
  public static float[][] read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("--z-file " + file + " does not exist or is not a file");
    }
    try {
      return file.getFileName().toString().endsWith(".npy") ? readNpy(file) : readText(file);
    } catch (IOException e) {
      throw new BadInputException("--z-file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static float[][] readNpy(Path file) throws IOException {
    Npy.Array array = Npy.read(file);
    long[] shape = array.shape();
    int rows;
    int width;
    if (shape.length == 1) {
      rows = 1;
      width = (int) shape[0];
    } else if (shape.length == 2) {
      rows = (int) shape[0];
      width = (int) shape[1];
    } else {
      throw new BadInputException(
          "--z-file "
              + file
              + " has "
              + shape.length
              + " dimensions; give an array of shape [N, latent] or [latent]");
    }
    if (rows == 0 || width == 0) {
      throw new BadInputException("--z-file " + file + " is empty; give at least one vector");
    }
    float[][] out = new float[rows][width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(array.data(), r * width, out[r], 0, width);
    }
    return checkFinite(file, out);
  }

  private static float[][] readText(Path file) throws IOException {
    List<float[]> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("[\\s,]+");
      float[] row = new float[parts.length];
      for (int j = 0; j < parts.length; j++) {
        try {
          row[j] = Float.parseFloat(parts[j]);
        } catch (NumberFormatException e) {
          throw new BadInputException(
              "--z-file "
                  + file
                  + " line "
                  + (i + 1)
                  + ": '"
                  + parts[j]
                  + "' is not a number; write one vector per line, values separated by spaces"
                  + " or commas");
        }
      }
      if (!rows.isEmpty() && row.length != rows.get(0).length) {
        throw new BadInputException(
            "--z-file "
                + file
                + " line "
                + (i + 1)
                + " has "
                + row.length
                + " values but earlier lines have "
                + rows.get(0).length
                + "; every vector needs the same width");
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new BadInputException("--z-file " + file + " holds no vectors; write one per line");
    }
    return checkFinite(file, rows.toArray(new float[0][]));
  }

  private static float[][] checkFinite(Path file, float[][] rows) {
    for (int r = 0; r < rows.length; r++) {
      for (float v : rows[r]) {
        if (!Float.isFinite(v)) {
          throw new BadInputException(
              "--z-file " + file + ": vector " + (r + 1) + " holds " + v + "; use finite values");
        }
      }
    }
    return rows;
  }
}
