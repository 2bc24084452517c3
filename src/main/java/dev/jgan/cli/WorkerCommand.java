package dev.jgan.cli;

import dev.jgan.BadInputException;
import dev.jgan.runtime.ClusterSpec;
import dev.jgan.runtime.DevicePlan;
import dev.jgan.runtime.ServerExposure;
import dev.jgan.runtime.SessionOptions;
import dev.jgan.runtime.TaskServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tensorflow.Server;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gan worker}: one worker task of a cluster, serving until it is killed. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Start TensorFlow's gRPC server for one worker task of a cluster and serve until killed"
          + " (Ctrl-C, SIGTERM). The chief ('gan train --cluster FILE') runs one tower of each step"
          + " on each worker; workers keep no files.",
      "The cluster file is TensorFlow's own shape: {\"chief\": [\"host:port\"], \"worker\":"
          + " [\"host:port\", ...]}. Without --cluster, TF_CONFIG is read ({\"cluster\": {...},"
          + " \"task\": {\"type\": \"worker\", \"index\": N}}). See docs/DISTRIBUTED.md.",
      "Security: TensorFlow's server runs any graph a client sends, unauthenticated, and listens on"
          + " every interface; a non-loopback address needs --trusted-network.",
      "Exit codes: 2 bad input (cluster file, task index, port in use, an untrusted non-loopback"
          + " address); the server itself never"
          + " returns."
    })
public final class WorkerCommand implements Callable<Integer> {
  @Option(
      names = "--cluster",
      paramLabel = "FILE",
      description = "The cluster file (JSON); without it, TF_CONFIG")
  Path cluster;

  @Option(
      names = "--task",
      paramLabel = "N",
      description = "This process's index in the file's worker list (0, 1, ...)")
  Integer task;

  @Option(
      names = "--trusted-network",
      description =
          "Serve a non-loopback address. TensorFlow's server has no authentication and listens on"
              + " every interface: use it only on a private network or behind a firewall (also:"
              + " JGAN_TRUSTED_NETWORK=1; see docs/DISTRIBUTED.md#security)")
  boolean trustedNetwork;

  @Override
  public Integer call() throws InterruptedException {
    if (cluster != null && task == null) {
      throw new BadInputException("--cluster " + cluster + " needs --task N (N = 0, 1, ...)");
    }
    ClusterSpec.Config config =
        ClusterOptions.resolve(
                cluster, new ClusterSpec.Task(ClusterSpec.WORKER, task == null ? -1 : task))
            .orElseThrow(
                () ->
                    new BadInputException(
                        "gan worker needs --cluster FILE --task N, or TF_CONFIG in the"
                            + " environment"));
    ClusterOptions.requireJob(config, ClusterSpec.WORKER);
    Server server =
        TaskServer.start(
            config.cluster(),
            config.task(),
            new SessionOptions(DevicePlan.tensorFlowDefault(), false).configProto(),
            trustedNetwork || ServerExposure.trustedFromEnvironment(),
            "--trusted-network");
    System.out.println(
        "worker task "
            + config.task().index()
            + " serving at "
            + config.cluster().address(config.task())
            + " (/job:worker/task:"
            + config.task().index()
            + "); stop it with Ctrl-C");
    System.out.flush();
    server.join();
    return 0;
  }
}
