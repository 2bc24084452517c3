package dev.jgan.generate;

/** Paths through latent space: straight lines or great circles (slerp). */
public enum Interpolation {
  LINEAR,
  /**
   * Spherical interpolation (Shoemake 1985; White, "Sampling Generative Networks", 2016): follows
   * the arc between the two vectors and blends their norms, so the intermediate vectors keep the
   * norm typical of the prior instead of shrinking toward the origin as linear paths do.
   */
  SLERP;

  /** Below this sin(angle) the vectors are (anti)parallel and slerp falls back to a line. */
  static final double PARALLEL_EPS = 1e-6;

  /** The point at {@code t} in [0, 1] from a (t = 0) to b (t = 1). */
  public float[] at(float[] a, float[] b, double t) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(a.length + " != " + b.length);
    }
    return this == LINEAR ? linear(a, b, t) : slerp(a, b, t);
  }

  public static float[] linear(float[] a, float[] b, double t) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (float) ((1 - t) * a[i] + t * b[i]);
    }
    return out;
  }

  public static float[] slerp(float[] a, float[] b, double t) {
    if (t == 0) {
      return a.clone();
    }
    if (t == 1) {
      return b.clone();
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      return linear(a, b, t); // the zero vector has no direction
    }
    double cos = Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
    double omega = Math.acos(cos);
    double sin = Math.sin(omega);
    if (sin < PARALLEL_EPS) {
      // Parallel: the arc is the line. Antiparallel: every great circle connects them, none is
      // preferred; the line is the well-defined choice.
      return linear(a, b, t);
    }
    double wa = Math.sin((1 - t) * omega) / sin;
    double wb = Math.sin(t * omega) / sin;
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (float) (wa * a[i] + wb * b[i]);
    }
    return out;
  }

  /**
   * Walks through the points in order: one row of {@code steps} vectors per segment, from point k
   * (first column) to point k + 1 (last column).
   *
   * @return {@code (points.length - 1) * steps} vectors, row-major
   */
  public float[][] walk(float[][] points, int steps) {
    if (points.length < 2 || steps < 2) {
      throw new IllegalArgumentException("need >= 2 points and >= 2 steps");
    }
    float[][] out = new float[(points.length - 1) * steps][];
    for (int k = 0; k < points.length - 1; k++) {
      for (int s = 0; s < steps; s++) {
        out[k * steps + s] = at(points[k], points[k + 1], (double) s / (steps - 1));
      }
    }
    return out;
  }
}
