package dev.jgan.runtime;

import dev.jgan.BadInputException;
import java.util.Locale;

/**
 * The value of {@code --device}: {@code auto} (a GPU when there is one, else the CPU), {@code cpu},
 * {@code gpu} (the first GPU, required) or {@code gpu:N} (CUDA device N, required).
 *
 * @param index the CUDA device number for {@code gpu:N}, -1 for {@code gpu} and the others
 */
public record DeviceRequest(Kind kind, int index) {
  public enum Kind {
    AUTO,
    CPU,
    GPU
  }

  public static final DeviceRequest AUTO = new DeviceRequest(Kind.AUTO, -1);

  /** Parses a {@code --device} value; anything else is bad input naming the accepted forms. */
  public static DeviceRequest parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "auto":
        return AUTO;
      case "cpu":
        return new DeviceRequest(Kind.CPU, -1);
      case "gpu":
        return new DeviceRequest(Kind.GPU, -1);
      default:
        if (v.matches("gpu:[0-9]{1,4}")) {
          return new DeviceRequest(Kind.GPU, Integer.parseInt(v.substring(4)));
        }
        throw new BadInputException(
            "--device "
                + value
                + ": expected auto, cpu, gpu or gpu:N (N = 0, 1, ... as CUDA numbers the GPUs)");
    }
  }

  /** The CUDA device this request needs: N for {@code gpu:N}, else the first one (0). */
  public int ordinal() {
    return Math.max(index, 0);
  }

  /** The flag value, as a user would write it. */
  @Override
  public String toString() {
    return kind == Kind.GPU && index >= 0 ? "gpu:" + index : kind.name().toLowerCase(Locale.ROOT);
  }
}
