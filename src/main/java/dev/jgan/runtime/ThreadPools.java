package dev.jgan.runtime;

import dev.jgan.BadInputException;
import dev.jgan.config.ModelKind;

/**
 * TensorFlow's thread pools for a training process: the ones asked for, else a default per model.
 *
 * <p>They are decided once per process, before its first Session: TensorFlow shares one intra-op
 * and one inter-op pool between all sessions and sizes them at the first (docs/DESIGN.md, "Thread
 * pools").
 *
 * <p>The MLP trains on one intra-op and one inter-op thread on a CPU: its matrices (batch 64,
 * layers of 128-784 units) are too small to split, and a second thread only adds synchronisation
 * (1.5-1.7x more images/s with one, docs/PERFORMANCE.md). The convolutional models keep
 * TensorFlow's default, one thread per core: they were slower with fewer.
 */
public final class ThreadPools {
  /** TensorFlow's default for a pool: one thread per CPU the process may run on. */
  public static final int TENSORFLOW_DEFAULT = 0;

  private ThreadPools() {}

  /**
   * @param intraOp {@code --intra-threads}, or null when not given
   * @param interOp {@code --inter-threads}, or null when not given
   * @param model the run's model, or null when it is not known (the per-model default is skipped)
   * @throws BadInputException for a negative count
   */
  public static SessionOptions choose(
      SessionOptions options, ModelKind model, Integer intraOp, Integer interOp) {
    requireCount("--intra-threads", intraOp);
    requireCount("--inter-threads", interOp);
    if (intraOp != null || interOp != null) {
      return options.withThreads(
          intraOp != null ? intraOp : TENSORFLOW_DEFAULT,
          interOp != null ? interOp : TENSORFLOW_DEFAULT);
    }
    boolean singleCpu =
        options.plan().target() == DevicePlan.Target.CPU
            && !options.towers().split()
            && options.remote() == null;
    if (model == ModelKind.MLP && singleCpu) {
      return options.withThreads(1, 1);
    }
    return options;
  }

  private static void requireCount(String flag, Integer count) {
    if (count != null && count < 0) {
      throw new BadInputException(
          flag + " " + count + ": give 0 (one thread per CPU) or more threads");
    }
  }
}
