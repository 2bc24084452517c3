package dev.jgan.runtime;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The TensorFlow session configuration of this process: device placement, GPU memory growth and
 * placement logging, as a {@link ConfigProto}.
 *
 * <p>It is process-wide on purpose. TensorFlow maps its GPU numbers to CUDA devices once per
 * process: a second Session with another {@code visible_device_list} fails with "TensorFlow device
 * (GPU:0) is being mapped to multiple devices". So the training session, the export sessions and
 * the device probes all take their configuration from {@link #processDefault()}, which the CLI sets
 * once with {@link #useForProcess} before the first Session.
 *
 * <p>Thread pools keep TensorFlow's defaults unless {@link #withThreads} sets them (intra- and
 * inter-op 0 = one thread per CPU the process may run on); {@code gan doctor} shows them.
 */
public record SessionOptions(
    DevicePlan plan,
    boolean logPlacement,
    int intraOpThreads,
    int interOpThreads,
    boolean mixedBfloat16,
    TowerDevices towers,
    Remote remote) {

  /**
   * A session on a cluster's master instead of in this process ({@link RemoteSession}).
   *
   * @param target "grpc://host:port" of the master (the chief's own server)
   * @param timeoutMs the deadline of each training step after the first (RunOptions.timeout_in_ms,
   *     set by GanSession): a step that waits longer on a worker (one that died) fails instead of
   *     hanging
   */
  public record Remote(String target, long timeoutMs) {}

  /** In this process, with these towers. */
  public SessionOptions(
      DevicePlan plan,
      boolean logPlacement,
      int intraOpThreads,
      int interOpThreads,
      boolean mixedBfloat16,
      TowerDevices towers) {
    this(plan, logPlacement, intraOpThreads, interOpThreads, mixedBfloat16, towers, null);
  }

  private static volatile SessionOptions processDefault =
      new SessionOptions(DevicePlan.tensorFlowDefault(), false);

  /** TensorFlow's thread pools (0 = one thread per CPU this process may run on). */
  public SessionOptions(DevicePlan plan, boolean logPlacement) {
    this(plan, logPlacement, 0, 0, false, TowerDevices.NONE);
  }

  /** These options with explicit thread-pool sizes (0 keeps TensorFlow's default). */
  public SessionOptions withThreads(int intraOp, int interOp) {
    return new SessionOptions(plan, logPlacement, intraOp, interOp, mixedBfloat16, towers, remote);
  }

  /**
   * These options with grappler's oneDNN bfloat16 auto-mixed-precision rewrite on or off: float32
   * ops with a fast oneDNN bfloat16 kernel (convolutions, MatMul) run in bfloat16, with casts
   * around them; variables, Adam and the losses stay float32. TensorFlow rewrites the graph on any
   * CPU, but without AVX-512 oneDNN declines and Eigen's far slower bfloat16 kernels run instead
   * (see {@code PrecisionCheck}).
   */
  public SessionOptions withMixedBfloat16(boolean on) {
    return new SessionOptions(
        plan, logPlacement, intraOpThreads, interOpThreads, on, towers, remote);
  }

  /**
   * These options with data-parallel towers ({@code --devices}): the training graph is built as
   * towers on them, and the session creates their devices (virtual CPUs, or these GPUs visible).
   */
  public SessionOptions withTowers(TowerDevices devices) {
    return new SessionOptions(
        plan, logPlacement, intraOpThreads, interOpThreads, mixedBfloat16, devices, remote);
  }

  /** These options on a cluster's master ({@code gan train --cluster}). */
  public SessionOptions onMaster(Remote master) {
    return new SessionOptions(
        plan, logPlacement, intraOpThreads, interOpThreads, mixedBfloat16, towers, master);
  }

  /** The options every Session of this process is created with. */
  public static SessionOptions processDefault() {
    return processDefault;
  }

  /** Sets the options of every later Session; call before the first one. */
  public static void useForProcess(SessionOptions options) {
    processDefault = options;
  }

  /**
   * Soft placement always (an op without a kernel for the chosen device runs on the CPU instead of
   * failing); on a GPU, memory growth instead of reserving the whole card, and only the chosen GPU
   * visible; on the CPU, no GPU device at all.
   */
  public ConfigProto configProto() {
    ConfigProto.Builder config =
        ConfigProto.newBuilder()
            .setAllowSoftPlacement(true)
            .setLogDevicePlacement(logPlacement)
            .setIntraOpParallelismThreads(intraOpThreads)
            .setInterOpParallelismThreads(interOpThreads);
    if (mixedBfloat16) {
      config.setGraphOptions(
          GraphOptions.newBuilder()
              .setRewriteOptions(
                  RewriterConfig.newBuilder()
                      .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
    }
    switch (plan.target()) {
      case CPU -> config.putDeviceCount("GPU", 0);
      case GPU ->
          config.setGpuOptions(
              GPUOptions.newBuilder()
                  .setAllowGrowth(true)
                  .setVisibleDeviceList(Integer.toString(plan.cudaOrdinal())));
      case TENSORFLOW_DEFAULT -> config.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
    }
    if (towers.virtualCpus() > 0) {
      // /device:CPU:0 ... CPU:n-1 over the same cores and thread pools (towers tested on a CPU).
      config.putDeviceCount("CPU", towers.virtualCpus());
    }
    if (!towers.cudaOrdinals().isEmpty()) {
      // Every tower's GPU visible, renumbered GPU:0, 1, ... in tower order.
      config.removeDeviceCount("GPU");
      config.setGpuOptions(
          GPUOptions.newBuilder()
              .setAllowGrowth(true)
              .setVisibleDeviceList(
                  String.join(",", towers.cudaOrdinals().stream().map(String::valueOf).toList())));
    }
    return config.build();
  }

  /** A Session on {@code graph} with these options; the caller closes it. */
  public Session newSession(Graph graph) {
    return new Session(graph, configProto());
  }

  /**
   * The training session: on the cluster's master when these options have one ({@link #remote}),
   * else as {@link #newSession}. Only training goes to the cluster; exports, grids' encoders,
   * TensorBoard and evaluation sessions stay in this process.
   */
  public Session newTrainingSession(Graph graph) {
    if (remote != null) {
      return RemoteSession.open(graph, remote.target(), configProto());
    }
    return newSession(graph);
  }
}
