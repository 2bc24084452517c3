package dev.jgan.runtime;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import org.tensorflow.Server;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.ServerDef;

/**
 * TensorFlow's in-process gRPC server ({@link Server}) for one task of a {@link ClusterSpec}: the
 * master and worker services other tasks and the chief's sessions talk to.
 *
 * <p>It is never stopped: TensorFlow's gRPC server cannot shut down cleanly ({@code Server.close}
 * throws Unimplemented in 1.0.0), so one server lives as long as its process (docs/DISTRIBUTED.md).
 */
public final class TaskServer {
  /** How long the chief waits for each worker's port to answer before it gives up. */
  public static final int CONNECT_TIMEOUT_MS = 3000;

  private TaskServer() {}

  /**
   * Starts the server of {@code task} and returns it running, after a warning line on stderr saying
   * what it opens (see {@link ServerExposure}).
   *
   * @param sessionConfig the default configuration of sessions this task's master creates
   * @param trustedNetwork whether a non-loopback address may be served
   * @param trustFlag how the user says the network is trusted, named in the refusal
   * @throws BadInputException when the address is not loopback and the network is not trusted, or
   *     when the task's port is already in use
   */
  public static Server start(
      ClusterSpec cluster,
      ClusterSpec.Task task,
      ConfigProto sessionConfig,
      boolean trustedNetwork,
      String trustFlag) {
    String address = cluster.address(task);
    ServerExposure.require(task, address, trustedNetwork, trustFlag);
    int port = ClusterSpec.port(address);
    // TensorFlow's own message for a taken port is a gRPC stack trace: check first, on the
    // wildcard address that TensorFlow binds (ServerExposure).
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new BadInputException(
          "port "
              + port
              + " of "
              + task.job()
              + " task "
              + task.index()
              + " ("
              + address
              + ") is in use ("
              + e.getMessage()
              + "); stop what holds it or change the cluster file");
    }
    ServerDef def =
        ServerDef.newBuilder()
            .setCluster(cluster.clusterDef())
            .setJobName(task.job())
            .setTaskIndex(task.index())
            .setProtocol("grpc")
            .setDefaultSessionConfig(sessionConfig)
            .build();
    Server server = new Server(def);
    server.start();
    // Right after the start: before it, the guard's binds would make TensorFlow's own one fail
    // when TF_GRPC_REUSE_PORT is not set.
    Optional<LoopbackGuard> guard =
        ServerExposure.isLoopback(ClusterSpec.host(address))
            ? LoopbackGuard.hold(port)
            : Optional.empty();
    System.err.println(ServerExposure.warning(address, guard));
    return server;
  }

  /**
   * Checks that every worker answers on its port, so that a chief fails at once, naming the
   * address, instead of waiting in TensorFlow for a worker that is not there.
   *
   * @throws BadInputException naming the first worker that cannot be reached
   */
  public static void requireWorkers(ClusterSpec cluster) {
    for (int i = 0; i < cluster.workers().size(); i++) {
      String address = cluster.workers().get(i);
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(ClusterSpec.host(address), ClusterSpec.port(address)),
            CONNECT_TIMEOUT_MS);
      } catch (IOException e) {
        throw new BadInputException(
            "worker task "
                + i
                + " at "
                + address
                + " cannot be reached ("
                + e.getMessage()
                + "); start it with: gan worker --cluster FILE --task "
                + i);
      }
    }
  }
}
