package dev.jgan.data;

import static dev.jgan.data.IdxReaderTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.jgan.BadInputException;
import dev.jgan.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFetcherTest {
  private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  @TempDir Path dir;
  private final Map<String, byte[]> raw = new LinkedHashMap<>();
  private HttpServer server;

  DatasetFetcherTest() {
    raw.put(TRAIN_IMAGES, TestFiles.images(6, 3, 2));
    raw.put(TRAIN_LABELS, TestFiles.labels(6));
    raw.put(TEST_IMAGES, TestFiles.images(4, 3, 2));
    raw.put(TEST_LABELS, TestFiles.labels(4));
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A spec for the test files, identified by their raw hashes, with the given mirrors. */
  private DatasetSpec spec(List<URI> mirrors) {
    return new DatasetSpec(
        "tiny",
        DataFile.of(TRAIN_IMAGES, TestFiles.sha256(raw.get(TRAIN_IMAGES))),
        DataFile.of(TRAIN_LABELS, TestFiles.sha256(raw.get(TRAIN_LABELS))),
        DataFile.of(TEST_IMAGES, TestFiles.sha256(raw.get(TEST_IMAGES))),
        DataFile.of(TEST_LABELS, TestFiles.sha256(raw.get(TEST_LABELS))),
        mirrors,
        List.of(),
        Optional.empty());
  }

  private DatasetFetcher fetcher() {
    return new DatasetFetcher(dir.resolve("cache"), false, Duration.ofSeconds(2));
  }

  private static void assertTinyData(DatasetFiles files) {
    ImageDataset train = files.load(Split.TRAIN);
    ImageDataset test = files.load(Split.TEST);
    assertEquals(6, train.size());
    assertEquals(4, test.size());
    assertEquals(3, train.height());
    assertEquals(2, train.width());
    assertEquals(1, train.channels());
    for (int i = 0; i < 6; i++) {
      assertEquals(TestFiles.label(i), train.label(i));
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 2; x++) {
          assertEquals(TestFiles.pixel(i * 6 + y * 2 + x), train.pixel(i, y, x, 0));
        }
      }
    }
  }

  @Test
  void dataFolderWithRawAndGzFilesInASubfolder() throws Exception {
    Path data = dir.resolve("data");
    TestFiles.write(data.resolve("unrelated.txt"), new byte[] {1});
    TestFiles.write(
        data.resolve("sub/" + TRAIN_IMAGES + ".gz"), TestFiles.gzip(raw.get(TRAIN_IMAGES)));
    TestFiles.write(data.resolve("sub/" + TRAIN_LABELS), raw.get(TRAIN_LABELS));
    TestFiles.write(data.resolve("sub/deeper/" + TEST_IMAGES), raw.get(TEST_IMAGES));
    TestFiles.write(data.resolve(TEST_LABELS + ".gz"), TestFiles.gzip(raw.get(TEST_LABELS)));

    DatasetFiles files = fetcher().fetch(spec(List.of()), Optional.of(data));
    assertEquals(IdxSource.of(data.resolve("sub/" + TRAIN_IMAGES + ".gz")), files.trainImages());
    assertTinyData(files);
    assertFalse(Files.exists(dir.resolve("cache")), "--data must not write the cache");
  }

  @Test
  void dataArchiveWithFilesUnderAPrefix() throws Exception {
    Map<String, byte[]> members = new LinkedHashMap<>();
    raw.forEach((name, bytes) -> members.put("package/data/" + name, bytes));
    Path tgz = TestFiles.tar(dir.resolve("tiny.tgz"), members);

    DatasetFiles files = fetcher().fetch(spec(List.of()), Optional.of(tgz));
    assertEquals(IdxSource.member(tgz, "package/data/" + TEST_LABELS), files.testLabels());
    assertTinyData(files);
  }

  @Test
  void sameNamedFilesOfAnotherDataSetAreSkipped() throws Exception {
    Path data = dir.resolve("data");
    // Same names, other content (as Fashion-MNIST next to MNIST): must not be picked.
    for (String name : raw.keySet()) {
      boolean images = name.contains("images");
      TestFiles.write(
          data.resolve("a-other/" + name),
          images ? TestFiles.images(1, 1, 1) : TestFiles.labels(1));
      TestFiles.write(data.resolve("b-right/" + name), raw.get(name));
    }
    assertTinyData(fetcher().fetch(spec(List.of()), Optional.of(data)));
  }

  @Test
  void missingDataPathIsAnError() {
    Path missing = dir.resolve("nope");
    BadInputException e =
        assertThrows(
            BadInputException.class, () -> fetcher().fetch(spec(List.of()), Optional.of(missing)));
    assertMessage(e, "--data " + missing, "no such file or folder");
  }

  @Test
  void dataFolderLackingAFileIsAnErrorNamingIt() throws Exception {
    Path data = dir.resolve("data");
    for (String name : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES)) {
      TestFiles.write(data.resolve(name), raw.get(name));
    }
    BadInputException e =
        assertThrows(
            BadInputException.class, () -> fetcher().fetch(spec(List.of()), Optional.of(data)));
    assertMessage(e, "--data " + data, "no " + TEST_LABELS);
  }

  @Test
  void checksumMismatchNamesFileExpectedAndActualHash() throws Exception {
    Path data = dir.resolve("data");
    raw.forEach((name, bytes) -> write(data.resolve(name), bytes));
    byte[] tampered = raw.get(TRAIN_LABELS).clone();
    tampered[tampered.length - 1] ^= 1;
    write(data.resolve(TRAIN_LABELS), tampered);

    BadInputException e =
        assertThrows(
            BadInputException.class, () -> fetcher().fetch(spec(List.of()), Optional.of(data)));
    assertMessage(
        e,
        data.resolve(TRAIN_LABELS).toString(),
        TestFiles.sha256(tampered),
        TestFiles.sha256(raw.get(TRAIN_LABELS)),
        "re-download");
  }

  @Test
  void dataPointingAtANonArchiveFileIsAnError() throws Exception {
    Path file = TestFiles.write(dir.resolve("notes.txt"), new byte[] {1, 2});
    BadInputException e =
        assertThrows(
            BadInputException.class, () -> fetcher().fetch(spec(List.of()), Optional.of(file)));
    assertMessage(e, file.toString(), "not a folder or a .tgz");
  }

  @Test
  void nothingAvailableExplainsSourcesAndOfflineUse() {
    BadInputException e =
        assertThrows(
            BadInputException.class, () -> fetcher().fetch(spec(List.of()), Optional.empty()));
    assertMessage(e, "tiny: could not find", dir.resolve("cache/tiny").toString(), "--data");
  }

  @Test
  void cachedFilesAreUsedAndBadCachedFilesDeleted() throws Exception {
    Path cache = dir.resolve("cache/tiny");
    raw.forEach((name, bytes) -> write(cache.resolve(name + ".gz"), gzip(bytes)));
    assertTinyData(fetcher().fetch(spec(List.of()), Optional.empty()));

    Path bad = write(cache.resolve(TEST_LABELS), TestFiles.labels(3)); // raw sorts before .gz
    assertTinyData(fetcher().fetch(spec(List.of()), Optional.empty()));
    assertFalse(Files.exists(bad), "a cached file with the wrong checksum is removed");
  }

  @Test
  void downloadsIntoTheCacheAtomicallyAndReusesIt() throws Exception {
    Map<String, byte[]> served = new HashMap<>();
    raw.forEach((name, bytes) -> served.put("/mnist/" + name + ".gz", gzip(bytes)));
    AtomicInteger requests = new AtomicInteger();
    URI base = serve(served, requests);
    URI dead = URI.create("http://127.0.0.1:" + freePort() + "/mnist/");

    // The dead mirror is tried once, then skipped for the remaining files.
    DatasetFiles files = fetcher().fetch(spec(List.of(dead, base)), Optional.empty());
    assertTinyData(files);
    assertEquals(4, requests.get());
    Path cache = dir.resolve("cache/tiny");
    assertEquals(
        List.of(
            TEST_IMAGES + ".gz", TEST_LABELS + ".gz", TRAIN_IMAGES + ".gz", TRAIN_LABELS + ".gz"),
        list(cache),
        "exactly the four files, no temp files left");
    assertEquals(
        TestFiles.sha256(served.get("/mnist/" + TRAIN_IMAGES + ".gz")),
        Checksums.sha256(cache.resolve(TRAIN_IMAGES + ".gz")));

    server.stop(0);
    server = null;
    assertTinyData(fetcher().fetch(spec(List.of(base)), Optional.empty()));
  }

  @Test
  void downloadWithWrongContentLeavesNothingInTheCache() throws Exception {
    Map<String, byte[]> served = new HashMap<>();
    raw.forEach((name, bytes) -> served.put("/" + name + ".gz", gzip(bytes)));
    served.put("/" + TRAIN_LABELS + ".gz", gzip(TestFiles.labels(7)));
    URI base = serve(served, new AtomicInteger());

    BadInputException e =
        assertThrows(
            BadInputException.class, () -> fetcher().fetch(spec(List.of(base)), Optional.empty()));
    assertMessage(e, TRAIN_LABELS, base.toString(), "--data");
    for (String name : list(dir.resolve("cache/tiny"))) {
      assertFalse(name.startsWith(TRAIN_LABELS), "left behind: " + name);
      assertFalse(name.endsWith(".part"), "left behind: " + name);
    }
  }

  @Test
  void atomicInstallLeavesNoTempFileWhenTheWriterFails() throws Exception {
    Path target = dir.resolve("out/file");
    assertThrows(
        IOException.class,
        () ->
            FileTrees.writeFile(
                target,
                temp -> {
                  Files.write(temp, new byte[] {1, 2, 3});
                  throw new IOException("rejected");
                }));
    assertEquals(List.of(), list(dir.resolve("out")));
    FileTrees.writeFile(target, temp -> Files.write(temp, new byte[] {4}));
    assertEquals(List.of("file"), list(dir.resolve("out")));
  }

  private URI serve(Map<String, byte[]> files, AtomicInteger requests) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = files.get(exchange.getRequestURI().getPath());
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            if (body != null) {
              out.write(body);
            }
          }
        });
    server.start();
    String prefix = files.keySet().iterator().next().startsWith("/mnist/") ? "/mnist/" : "/";
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
  }

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort(); // closed again: connections are refused
    }
  }

  private static List<String> list(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Path write(Path path, byte[] bytes) {
    try {
      return TestFiles.write(path, bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] gzip(byte[] bytes) {
    try {
      return TestFiles.gzip(bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
