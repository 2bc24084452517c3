package dev.jgan.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;

/**
 * Counts the exchanges being handled, so that stopping the server waits for them and no longer. JDK
 * 17's {@code HttpServer.stop(delay)} sleeps out its whole delay even when nothing is in flight
 * (JDK-8304065, fixed in JDK 21): with the 30 s grace of {@code gan serve}, every Ctrl-C took 30 s.
 */
final class InFlight implements HttpHandler {
  private final HttpHandler handler;
  private int running;

  InFlight(HttpHandler handler) {
    this.handler = handler;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    synchronized (this) {
      running++;
    }
    try {
      handler.handle(exchange);
    } finally {
      synchronized (this) {
        if (--running == 0) {
          notifyAll();
        }
      }
    }
  }

  /** Exchanges being handled now. */
  synchronized int running() {
    return running;
  }

  /** Waits until no exchange is being handled, or {@code limit} has passed; true when none is. */
  synchronized boolean awaitNone(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (running > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
