package dev.jgan.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgan.generate.TestGenerators;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page at / rendered by headless Chromium: its grids load (skipped where Chromium is absent).
 */
class PageScreenshotTest {
  static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

  @Test
  void thePageShowsItsGrids(@TempDir Path dir) throws Exception {
    Optional<Path> browser = browser();
    assumeTrue(
        browser.isPresent(),
        "no Chromium on PATH (" + BROWSERS + "); install it with apt-get install -y chromium");
    Path run = TestGenerators.conditionalRun(dir, 3);
    Path shot = dir.resolve("page.png");
    try (GanServer server = GanServer.start(GanServerTest.settings(run))) {
      screenshot(browser.get(), "http://127.0.0.1:" + server.address().getPort() + "/", shot, dir);
    }
    BufferedImage page = ImageIO.read(shot.toFile());
    assertEquals(1000, page.getWidth());
    // Mid-grey (128) is the gap colour of the PNG grids and nothing else on the page: a page whose
    // images failed to load has none of it.
    int grey = 0;
    for (int y = 0; y < page.getHeight(); y++) {
      for (int x = 0; x < page.getWidth(); x++) {
        if ((page.getRGB(x, y) & 0xffffff) == 0x808080) {
          grey++;
        }
      }
    }
    assertTrue(grey > 2000, "only " + grey + " grid-gap pixels: did the grids load?");
  }

  static Optional<Path> browser() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : BROWSERS) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Renders {@code url} 1000 x 900 into {@code png} with the flags docs/SERVING.md lists. */
  static void screenshot(Path browser, String url, Path png, Path profile) throws Exception {
    Process p =
        new ProcessBuilder(
                browser.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--user-data-dir=" + profile.resolve("chromium-profile"),
                "--window-size=1000,900",
                "--virtual-time-budget=5000",
                "--screenshot=" + png,
                url)
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve("chromium.log").toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
    assertTrue(Files.size(png) > 0, Files.readString(profile.resolve("chromium.log")));
  }
}
