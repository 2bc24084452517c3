package dev.jgan.data;

import dev.jgan.FileTrees;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Downloads one data file over HTTP(S) into place, verified and atomically. */
final class MirrorDownloader {
  private static final Logger log = LoggerFactory.getLogger(MirrorDownloader.class);

  private final HttpClient client;
  private final Duration totalTimeout;

  /**
   * @param connectTimeout short, so an offline machine moves on to the next source quickly
   * @param totalTimeout bound on a whole download, so a stalled transfer cannot hang the run
   */
  MirrorDownloader(Duration connectTimeout, Duration totalTimeout) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.totalTimeout = totalTimeout;
  }

  /**
   * Downloads {@code url} to {@code target}. Throws IOException when the transfer fails or the
   * content is not a known-good copy of {@code file}; {@code target} is then left untouched.
   */
  void download(URI url, Path target, DataFile file) throws IOException {
    log.info("downloading {}", url);
    long start = System.nanoTime();
    FileTrees.writeFile(
        target,
        temp -> {
          HttpResponse<Path> response = send(url, temp);
          if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
          }
          Optional<String> bad = Checksums.mismatch(IdxSource.of(temp), file);
          if (bad.isPresent()) {
            throw new IOException("downloaded file " + bad.get());
          }
        });
    double seconds = (System.nanoTime() - start) / 1e9;
    double megabytes = Files.size(target) / 1e6;
    log.info(
        String.format(
            Locale.ROOT,
            "downloaded %s: %.1f MB in %.1f s (%.1f MB/s), checksum ok",
            target.getFileName(),
            megabytes,
            seconds,
            megabytes / Math.max(seconds, 1e-3)));
  }

  private HttpResponse<Path> send(URI url, Path temp) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(url).GET().build();
    try {
      return client
          .sendAsync(
              request,
              HttpResponse.BodyHandlers.ofFile(
                  temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
          .get(totalTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause);
    } catch (TimeoutException e) {
      throw new IOException("no complete response within " + totalTimeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while downloading " + url);
    }
  }
}
