package dev.jgan.runtime;

/**
 * Where a process runs its TensorFlow ops, decided once (see {@link DeviceSelection}) and applied
 * to every Session through {@link SessionOptions}.
 *
 * @param target CPU only, one GPU, or TensorFlow's own default (no {@code --device} was given: the
 *     generate command and tests)
 * @param cudaOrdinal for {@link Target#GPU}: the CUDA device number; TensorFlow is shown only this
 *     one GPU, so inside the process it is {@code /device:GPU:0}. -1 otherwise
 * @param reason why, in words (printed when training starts)
 */
public record DevicePlan(Target target, int cudaOrdinal, String reason) {
  public enum Target {
    CPU,
    GPU,
    TENSORFLOW_DEFAULT
  }

  public static DevicePlan cpu(String reason) {
    return new DevicePlan(Target.CPU, -1, reason);
  }

  public static DevicePlan gpu(int cudaOrdinal, String reason) {
    return new DevicePlan(Target.GPU, cudaOrdinal, reason);
  }

  /** No decision: every GPU visible, TensorFlow places ops (on GPU:0 when it has one). */
  public static DevicePlan tensorFlowDefault() {
    return new DevicePlan(
        Target.TENSORFLOW_DEFAULT, -1, "TensorFlow's default placement (no --device given)");
  }

  /** The TensorFlow device name ops are placed on by default. */
  public String device() {
    return target == Target.CPU ? "/device:CPU:0" : "/device:GPU:0";
  }

  /** One line for the user, e.g. {@code GPU: /device:GPU:0 = CUDA device 1 (--device gpu:1)}. */
  public String describe() {
    return switch (target) {
      case CPU -> "CPU: " + device() + " (" + reason + ")";
      case GPU -> "GPU: " + device() + " = CUDA device " + cudaOrdinal + " (" + reason + ")";
      case TENSORFLOW_DEFAULT -> reason;
    };
  }
}
