package dev.jgan.random;

import java.util.function.LongFunction;

/**
 * Latent vectors addressed by their index, and the batches the generator is fed: {@code gan
 * generate --seed S} and {@code gan evaluate --seed S} make image i from the same vector, whatever
 * their batch sizes.
 */
public final class Latents {
  private final int latentDim;
  private final LongFunction<float[]> vector;

  /**
   * @param vector vector number i, {@code latentDim} long
   */
  public Latents(int latentDim, LongFunction<float[]> vector) {
    this.latentDim = latentDim;
    this.vector = vector;
  }

  /** The random vectors of a seed: vector i is the {@link Seeds#GENERATE} noise of index i. */
  public static Latents random(long seed, int latentDim, boolean normal) {
    NoiseSource noise = new NoiseSource(seed, latentDim, normal);
    return new Latents(latentDim, i -> noise.sample(i, Seeds.GENERATE, 1));
  }

  /** Vector {@code index}. */
  public float[] vector(long index) {
    return vector.apply(index);
  }

  /** Vectors {@code from .. from + count - 1}, concatenated ({@code [count, latentDim]}). */
  public float[] batch(long from, int count) {
    float[] z = new float[Math.multiplyExact(count, latentDim)];
    for (int i = 0; i < count; i++) {
      System.arraycopy(vector(from + i), 0, z, i * latentDim, latentDim);
    }
    return z;
  }
}
