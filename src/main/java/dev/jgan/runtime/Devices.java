package dev.jgan.runtime;

import java.util.List;

/**
 * Turns {@code --device} into this process's {@link SessionOptions}: finds out whether the native
 * library has CUDA and which GPU TensorFlow can open, then lets {@link DeviceSelection} decide.
 *
 * <p>The probe for a GPU uses the very configuration the run will use (only that GPU visible), so
 * it fixes TensorFlow's GPU numbering the way the training Session needs it. Only when an explicit
 * GPU request cannot be met does it list every GPU, to say which ones exist, and then fails.
 */
public final class Devices {
  private Devices() {}

  /**
   * @param device the {@code --device} value: auto, cpu, gpu or gpu:N
   * @throws dev.jgan.BadInputException when a GPU was asked for and cannot be had (exit 2)
   */
  public static SessionOptions configure(String device, boolean logPlacement) {
    DeviceRequest request = DeviceRequest.parse(device);
    if (request.kind() == DeviceRequest.Kind.CPU || !NativeRuntime.hasCudaKernels()) {
      // The CPU needs no probe; a CPU build has no GPU to probe (auto -> CPU, gpu -> bad input).
      return new SessionOptions(DeviceSelection.select(request, false, List.of()), logPlacement);
    }
    String wanted = "gpu:" + request.ordinal();
    String aloneError = "";
    try {
      if (!NativeRuntime.gpuNames(NativeRuntime.listDevices(probe(request.ordinal()))).isEmpty()) {
        return new SessionOptions(
            DeviceSelection.select(request, true, List.of(wanted)), logPlacement);
      }
    } catch (IllegalStateException e) {
      aloneError = e.getMessage();
    }
    if (request.kind() == DeviceRequest.Kind.AUTO) {
      DevicePlan cpu = DeviceSelection.select(request, true, List.of());
      if (!aloneError.isEmpty()) {
        cpu = DevicePlan.cpu(cpu.reason() + ": " + aloneError);
      }
      return new SessionOptions(cpu, logPlacement);
    }
    // An explicit GPU that TensorFlow cannot open: list them all to say which exist, then fail.
    List<String> all =
        NativeRuntime.gpuNames(
            NativeRuntime.listDevices(
                new SessionOptions(DevicePlan.tensorFlowDefault(), false).configProto()));
    if (all.contains(wanted)) {
      throw new IllegalStateException(
          "--device "
              + request
              + ": TensorFlow lists "
              + wanted
              + " but cannot open it on its own ("
              + aloneError
              + "); run ./gan doctor");
    }
    // Throws: the wanted GPU is not among them.
    return new SessionOptions(DeviceSelection.select(request, true, all), logPlacement);
  }

  /** The configuration a run on CUDA device {@code ordinal} uses, without placement logging. */
  private static org.tensorflow.proto.ConfigProto probe(int ordinal) {
    return new SessionOptions(DevicePlan.gpu(ordinal, "probe"), false).configProto();
  }
}
