package dev.jgan.data;

/**
 * Resizes one axis of an image: n input samples to m output samples, each output a weighted sum of
 * inputs. Shrinking averages the area each output pixel covers (a box filter with fractional
 * edges), which uses every input pixel and so does not alias the way point sampling or plain
 * bilinear does at large ratios; growing interpolates linearly between pixel centres. The same
 * weights apply to rows and columns, so a 2-D resize is two passes.
 */
final class Resampler {
  private final int[] first;
  private final double[][] weights;

  private Resampler(int[] first, double[][] weights) {
    this.first = first;
    this.weights = weights;
  }

  static Resampler of(int in, int out) {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException("cannot resample " + in + " to " + out + " samples");
    }
    return in >= out ? area(in, out) : linear(in, out);
  }

  private static Resampler area(int in, int out) {
    int[] first = new int[out];
    double[][] weights = new double[out][];
    double scale = (double) in / out;
    for (int i = 0; i < out; i++) {
      double start = i * scale;
      double end = Math.min(in, (i + 1) * scale);
      int lo = (int) Math.floor(start);
      int hi = Math.min(in, (int) Math.ceil(end));
      first[i] = lo;
      weights[i] = new double[hi - lo];
      for (int j = lo; j < hi; j++) {
        weights[i][j - lo] = (Math.min(end, j + 1) - Math.max(start, j)) / scale;
      }
    }
    return new Resampler(first, weights);
  }

  private static Resampler linear(int in, int out) {
    int[] first = new int[out];
    double[][] weights = new double[out][];
    for (int i = 0; i < out; i++) {
      // Pixel centres line up: output centre i + 0.5 maps to input position (i + 0.5) * in / out.
      double x = Math.max(0, Math.min(in - 1, (i + 0.5) * in / out - 0.5));
      int lo = Math.min((int) Math.floor(x), in - 1);
      double f = x - lo;
      first[i] = lo;
      weights[i] = lo + 1 < in ? new double[] {1 - f, f} : new double[] {1};
    }
    return new Resampler(first, weights);
  }

  int outputs() {
    return first.length;
  }

  /**
   * Resamples {@code src}, {@code channels} values per sample starting at {@code srcOffset} and
   * {@code srcStride} apart, into {@code dest} from {@code destOffset} with stride {@code
   * destStride}. Strides let one method do rows (stride = channels) and columns (stride = a row).
   */
  void apply(
      double[] src,
      int srcOffset,
      int srcStride,
      double[] dest,
      int destOffset,
      int destStride,
      int channels) {
    for (int i = 0; i < first.length; i++) {
      int out = destOffset + i * destStride;
      for (int c = 0; c < channels; c++) {
        dest[out + c] = 0;
      }
      double[] w = weights[i];
      for (int k = 0; k < w.length; k++) {
        int in = srcOffset + (first[i] + k) * srcStride;
        for (int c = 0; c < channels; c++) {
          dest[out + c] += w[k] * src[in + c];
        }
      }
    }
  }
}
