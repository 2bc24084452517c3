package dev.jgan.serve;

import dev.jgan.api.Generator;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load figures of a running {@code gan serve}, not a test (docs/SERVING.md): {@code :predict}
 * requests/s, images/s and p50/p99 latency with 1, 4 and 16 loopback clients, the generator's own
 * images/s in this JVM ({@link DirectRate}) on the same export, and the server's resident set after
 * 1,000 ... 100,000 requests.
 *
 * <p>{@code java -cp 'target/gan.jar:target/lib/*:target/test-classes'
 * dev.jgan.serve.ServeLoadBench EXPORT PORT SERVER_PID [SECONDS] [IMAGES_PER_REQUEST]
 * [RSS_REQUESTS]}
 */
public final class ServeLoadBench {
  private ServeLoadBench() {}

  public static void main(String[] args) throws Exception {
    Path export = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    long pid = Long.parseLong(args[2]);
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int perRequest = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    long rssRequests = args.length > 5 ? Long.parseLong(args[5]) : 0;

    String body;
    try (Generator g = Generator.open(export)) {
      body = ServeClient.instances(g.latents(7, 0, perRequest));
    }
    System.out.printf(
        Locale.ROOT, "direct generate, batch 256: %.0f images/s%n", DirectRate.of(export));
    ServeClient client = new ServeClient(new InetSocketAddress("127.0.0.1", port));
    for (int clients : new int[] {1, 4, 16}) {
      load(client, body, clients, 2, null); // warm-up
      long[] latencies = load(client, body, clients, seconds, null);
      Arrays.sort(latencies);
      double rate = latencies.length / (double) seconds;
      System.out.printf(
          Locale.ROOT,
          "%2d clients x %d images/request: %.0f requests/s, %.0f images/s, p50 %.1f ms, p99 %.1f"
              + " ms (%d requests in %d s)%n",
          clients,
          perRequest,
          rate,
          rate * perRequest,
          latencies[latencies.length / 2] / 1e6,
          latencies[(int) (latencies.length * 0.99)] / 1e6,
          latencies.length,
          seconds);
    }
    if (rssRequests > 0) {
      AtomicLong done = new AtomicLong();
      System.out.printf(Locale.ROOT, "RSS before: %d MB%n", rssMb(pid));
      long[] marks = {1_000, 10_000, 30_000, 60_000, 100_000, rssRequests};
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        workers.add(
            pool.submit(
                () -> {
                  while (done.get() < rssRequests) {
                    if (client.post(GanServerTest.PREDICT, body).status() != 200) {
                      throw new IllegalStateException("a request failed");
                    }
                    done.incrementAndGet();
                  }
                  return null;
                }));
      }
      int next = 0;
      while (next < marks.length && marks[next] <= rssRequests) {
        if (done.get() >= marks[next]) {
          System.out.printf(Locale.ROOT, "RSS after %d requests: %d MB%n", done.get(), rssMb(pid));
          next++;
        }
        Thread.sleep(20);
      }
      for (Future<?> w : workers) {
        w.get();
      }
      pool.shutdown();
    }
  }

  /** Latencies (ns) of every request {@code clients} threads sent in {@code seconds}. */
  private static long[] load(
      ServeClient client, String body, int clients, int seconds, AtomicLong count)
      throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      results.add(
          pool.submit(
              () -> {
                List<Long> mine = new ArrayList<>();
                while (System.nanoTime() < end) {
                  long start = System.nanoTime();
                  ServeClient.Answer a = client.post(GanServerTest.PREDICT, body);
                  if (a.status() != 200) {
                    throw new IllegalStateException(a.status() + " " + a.text());
                  }
                  mine.add(System.nanoTime() - start);
                }
                return mine;
              }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> r : results) {
      all.addAll(r.get());
    }
    pool.shutdown();
    return all.stream().mapToLong(Long::longValue).toArray();
  }

  private static long rssMb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for pid " + pid);
  }
}
