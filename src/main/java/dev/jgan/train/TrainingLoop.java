package dev.jgan.train;

import java.io.IOException;
import java.util.List;

/**
 * The Session loop: each step one D update, then one G update, on the next real batch and fresh
 * noise; listeners log, draw and save. Noise comes from (seed, step), so a run is reproducible.
 */
public final class TrainingLoop {
  private final GanSession session;
  private final ImageBatches batches;
  private final NoiseSource noise;
  private final List<TrainingListener> listeners;

  public TrainingLoop(
      GanSession session,
      ImageBatches batches,
      NoiseSource noise,
      List<TrainingListener> listeners) {
    this.session = session;
    this.batches = batches;
    this.noise = noise;
    this.listeners = List.copyOf(listeners);
  }

  /** Steps a run of this many epochs (and at most maxSteps, 0 = no limit) will take. */
  public static long totalSteps(int epochs, int batchesPerEpoch, long maxSteps) {
    long full = (long) epochs * batchesPerEpoch;
    return maxSteps > 0 ? Math.min(full, maxSteps) : full;
  }

  /**
   * Trains and returns the number of steps done.
   *
   * @throws TrainingDivergedException when a loss turns NaN or infinite
   */
  public long run(int epochs, long maxSteps) throws IOException {
    int perEpoch = batches.batchesPerEpoch();
    long total = totalSteps(epochs, perEpoch, maxSteps);
    int latentFloats = session.batchSize() * noise.latentDim();
    float[] zForD = new float[latentFloats];
    float[] zForG = new float[latentFloats];
    long step = 0;
    for (int epoch = 1; epoch <= epochs && step < total; epoch++) {
      for (int batch = 1; batch <= perEpoch && step < total; batch++) {
        long start = System.nanoTime();
        float[] real = batches.next();
        noise.fill(step, NoiseSource.D_STEP, zForD);
        noise.fill(step, NoiseSource.G_STEP, zForG);
        StepResult losses = session.trainStep(real, zForD, zForG);
        step++;
        if (!Float.isFinite(losses.dLoss()) || !Float.isFinite(losses.gLoss())) {
          throw new TrainingDivergedException(step, losses);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        StepMetrics metrics =
            new StepMetrics(
                step, epoch, batch, perEpoch, total, losses, session.batchSize() / seconds);
        for (TrainingListener listener : listeners) {
          listener.onStep(metrics);
        }
      }
      for (TrainingListener listener : listeners) {
        listener.onEpochEnd(epoch, step, session);
      }
    }
    for (TrainingListener listener : listeners) {
      listener.onFinish(step, session);
    }
    return step;
  }
}
