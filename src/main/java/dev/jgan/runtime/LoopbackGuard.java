package dev.jgan.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a loopback task's port closed to other hosts although TensorFlow listens on the wildcard
 * address: it listens on the same port on each of this host's other addresses and closes every
 * connection there at once. Linux hands a connection to the listener bound to its exact destination
 * address before a wildcard one, and lets both listen when both set {@code SO_REUSEPORT}, which
 * gRPC does when {@code TF_GRPC_REUSE_PORT=true} (the launcher sets it). Without it the binds fail
 * and the guard is not there; the warning says so. Addresses that appear after the start (a new
 * interface) are not covered (docs/DESIGN.md, "Towers and clusters").
 */
public final class LoopbackGuard {
  /** The variable that makes TensorFlow's gRPC server set SO_REUSEPORT. */
  public static final String REUSE_PORT_VARIABLE = "TF_GRPC_REUSE_PORT";

  private final List<InetAddress> addresses;

  private LoopbackGuard(List<InetAddress> addresses) {
    this.addresses = List.copyOf(addresses);
  }

  /** The addresses held. */
  public List<InetAddress> addresses() {
    return addresses;
  }

  /**
   * Holds {@code port} on every non-loopback address of this host, or nothing and empty when one of
   * them cannot be bound (gRPC's listener without SO_REUSEPORT).
   */
  public static Optional<LoopbackGuard> hold(int port) {
    List<InetAddress> addresses = new ArrayList<>();
    List<ServerSocketChannel> bound = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address.isLoopbackAddress()) {
            continue;
          }
          ServerSocketChannel channel = ServerSocketChannel.open();
          bound.add(channel);
          channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
          channel.bind(new InetSocketAddress(address, port));
          addresses.add(address);
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      for (ServerSocketChannel channel : bound) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing what was bound; nothing else to do
        }
      }
      return Optional.empty();
    }
    for (ServerSocketChannel channel : bound) {
      Thread refuser = new Thread(() -> refuse(channel), "loopback-guard-" + port);
      refuser.setDaemon(true);
      refuser.start();
    }
    return Optional.of(new LoopbackGuard(addresses));
  }

  /** Accepts and closes every connection, for as long as the process lives. */
  private static void refuse(ServerSocketChannel channel) {
    while (channel.isOpen()) {
      try (SocketChannel ignored = channel.accept()) {
        // closed at once: another host gets an empty connection, never TensorFlow's server
      } catch (IOException e) {
        return;
      }
    }
  }
}
