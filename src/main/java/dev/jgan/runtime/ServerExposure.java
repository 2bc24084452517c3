package dev.jgan.runtime;

import dev.jgan.BadInputException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether a task's TensorFlow server may start, and the warning that says what it exposes.
 *
 * <p>TensorFlow's gRPC server runs any graph a client sends ({@code ReadFile}, {@code WriteFile},
 * ...) with no authentication and no encryption, and it listens on the wildcard address whatever
 * host the cluster file names: {@code grpc_server_lib.cc} binds {@code "0.0.0.0:" + port}, {@code
 * ServerDef} offers only a port, and the "grpc" protocol uses insecure credentials (docs/DESIGN.md,
 * "Towers and clusters"). So a task starts only when its address is loopback (a cluster on one
 * host) or the user says the network is trusted, and it always says what it opens.
 */
public final class ServerExposure {
  /** The environment variable that, like {@code --trusted-network}, allows a non-loopback task. */
  public static final String TRUST_VARIABLE = "JGAN_TRUSTED_NETWORK";

  private ServerExposure() {}

  /** Whether {@code JGAN_TRUSTED_NETWORK} is set (any value but empty, 0 or false). */
  public static boolean trustedFromEnvironment() {
    String value = System.getenv(TRUST_VARIABLE);
    return value != null && !value.isBlank() && !value.equals("0") && !value.equals("false");
  }

  /** Whether every address {@code host} resolves to is a loopback address. */
  static boolean isLoopback(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      InetAddress[] all = InetAddress.getAllByName(bare);
      for (InetAddress a : all) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Refuses a task whose address is not loopback unless the network is trusted.
   *
   * @param flag the flag that says so on this command, named in the error
   * @throws BadInputException naming the address and the flag
   */
  public static void require(ClusterSpec.Task task, String address, boolean trusted, String flag) {
    if (trusted || isLoopback(ClusterSpec.host(address))) {
      return;
    }
    throw new BadInputException(
        task.job()
            + " task "
            + task.index()
            + " has the non-loopback address "
            + address
            + ": TensorFlow's server would accept any graph from anyone who reaches port "
            + ClusterSpec.port(address)
            + " (no authentication; it can read and write this user's files); on a private network"
            + " or behind a firewall add "
            + flag
            + " (see docs/DISTRIBUTED.md#security)");
  }

  /**
   * The warning printed when a server has started: what it opens, to whom.
   *
   * @param guard the {@link LoopbackGuard} of a loopback task, when its port could be held
   */
  public static String warning(String address, Optional<LoopbackGuard> guard) {
    int port = ClusterSpec.port(address);
    String danger =
        "unauthenticated and unencrypted: whoever reaches it can run any graph as user "
            + System.getProperty("user.name")
            + " and read or write that user's files";
    if (guard.isPresent()) {
      return "warning: TensorFlow's gRPC server listens on port "
          + port
          + " of every interface, "
          + danger
          + "; jgan holds that port on this host's "
          + guard.get().addresses().size()
          + " other addresses, so other hosts are refused (not on addresses added later;"
          + " docs/DISTRIBUTED.md#security)";
    }
    boolean loopback = isLoopback(ClusterSpec.host(address));
    return "warning: TensorFlow's gRPC server listens on port "
        + port
        + " of every network interface (it cannot bind only "
        + ClusterSpec.host(address)
        + "), "
        + danger
        + (loopback
            ? "; start it through ./gan (or with "
                + LoopbackGuard.REUSE_PORT_VARIABLE
                + "=true) so that jgan can keep the port from other hosts, or firewall it"
            : "; keep it closed to other hosts")
        + " (docs/DISTRIBUTED.md#security)";
  }
}
