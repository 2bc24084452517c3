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

  /**
   * Adds {@code --devices} to options from {@link #configure}: data-parallel towers on virtual CPU
   * devices or on several GPUs, whose session configuration replaces the single device's. GPU
   * towers are checked by listing the devices of that very configuration.
   *
   * @param spec the {@code --devices} value, or null for none (the options unchanged)
   * @throws dev.jgan.BadInputException for a malformed list or a GPU TensorFlow cannot open
   */
  public static SessionOptions withTowers(SessionOptions options, String spec) {
    if (spec == null) {
      return options;
    }
    TowerDevices towers =
        TowerDevices.parse(
            spec,
            () ->
                NativeRuntime.hasCudaKernels()
                    ? NativeRuntime.gpuNames(
                        NativeRuntime.listDevices(
                            new SessionOptions(DevicePlan.tensorFlowDefault(), false)
                                .configProto()))
                    : List.of());
    if (towers.virtualCpus() > 0) {
      return new SessionOptions(
          DevicePlan.cpu("--devices " + spec + ": virtual CPU devices"),
          options.logPlacement(),
          options.intraOpThreads(),
          options.interOpThreads(),
          options.mixedBfloat16(),
          towers);
    }
    SessionOptions gpus =
        new SessionOptions(
            DevicePlan.tensorFlowDefault(),
            options.logPlacement(),
            options.intraOpThreads(),
            options.interOpThreads(),
            options.mixedBfloat16(),
            towers);
    int seen =
        NativeRuntime.hasCudaKernels()
            ? NativeRuntime.gpuNames(NativeRuntime.listDevices(gpus.configProto())).size()
            : 0;
    if (seen != towers.count()) {
      throw new dev.jgan.BadInputException(
          "--devices "
              + spec
              + ": TensorFlow opened "
              + seen
              + " of the "
              + towers.count()
              + " GPUs"
              + (NativeRuntime.hasCudaKernels() ? "" : " (this native build has no CUDA)")
              + "; run ./gan doctor to see which GPUs it can use");
    }
    return gpus;
  }

  /** The configuration a run on CUDA device {@code ordinal} uses, without placement logging. */
  private static org.tensorflow.proto.ConfigProto probe(int ordinal) {
    return new SessionOptions(DevicePlan.gpu(ordinal, "probe"), false).configProto();
  }
}
