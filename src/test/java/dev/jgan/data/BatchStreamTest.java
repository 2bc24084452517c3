package dev.jgan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BatchStreamTest {
  /** Image i is 1x1 with 2 channels holding i's low and high byte, so batches can be decoded. */
  private static ImageDataset indexed(int size) {
    byte[] pixels = new byte[size * 2];
    byte[] labels = new byte[size];
    for (int i = 0; i < size; i++) {
      pixels[2 * i] = (byte) i;
      pixels[2 * i + 1] = (byte) (i >> 8);
      labels[i] = (byte) (i % 10);
    }
    return new ImageDataset("indexed", 1, 1, 2, pixels, labels);
  }

  private static int[] decode(BatchStream.Batch batch) {
    float[] f = batch.images();
    int[] indices = new int[batch.labels().length];
    for (int i = 0; i < indices.length; i++) {
      int lo = Math.round((f[2 * i] + 1f) * 127.5f);
      int hi = Math.round((f[2 * i + 1] + 1f) * 127.5f);
      indices[i] = lo | hi << 8;
      assertEquals(indices[i] % 10, batch.labels()[i], "label travels with its image");
    }
    return indices;
  }

  /** The image indices of the next {@code batches} batches, concatenated. */
  private static int[] take(BatchStream stream, int batches) {
    List<Integer> out = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      for (int index : decode(stream.next())) {
        out.add(index);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void resumingAfterStepsContinuesTheUninterruptedSequence() {
    ImageDataset data = indexed(300);
    try (BatchStream straight = new BatchStream(data, 30, 42, 0);
        BatchStream resumed = BatchStream.resumingAfter(data, 30, 42, 13)) {
      int[] all = take(straight, 20);
      int[] rest = take(resumed, 7);
      assertArrayEquals(Arrays.copyOfRange(all, 13 * 30, 20 * 30), rest);
    }
  }

  @Test
  void sameSeedSameOrderAndEveryImageOncePerEpoch() {
    ImageDataset data = indexed(300);
    try (BatchStream a = new BatchStream(data, 30, 42, 0);
        BatchStream b = new BatchStream(data, 30, 42, 0)) {
      assertEquals(10, a.batchesPerEpoch());
      int[] epoch0 = take(a, 10);
      int[] epoch1 = take(a, 10);
      assertArrayEquals(epoch0, take(b, 10));
      assertArrayEquals(epoch1, take(b, 10));

      for (int[] epoch : List.of(epoch0, epoch1)) {
        int[] sorted = epoch.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 300; i++) {
          assertEquals(i, sorted[i], "every image exactly once");
        }
      }
      assertFalse(Arrays.equals(epoch0, epoch1), "epochs are shuffled differently");
      int[] identity = new int[300];
      Arrays.setAll(identity, i -> i);
      assertFalse(Arrays.equals(identity, epoch0), "epoch 0 is shuffled at all");
    }
  }

  @Test
  void differentSeedGivesDifferentOrder() {
    assertFalse(
        Arrays.equals(BatchStream.epochOrder(100, 1, 0), BatchStream.epochOrder(100, 2, 0)));
    assertArrayEquals(BatchStream.epochOrder(100, 1, 5), BatchStream.epochOrder(100, 1, 5));
  }

  @Test
  void resumingAtAnEpochReproducesThatEpoch() {
    ImageDataset data = indexed(64);
    try (BatchStream fromStart = new BatchStream(data, 16, 7, 0);
        BatchStream resumed = new BatchStream(data, 16, 7, 3)) {
      take(fromStart, 3 * 4);
      BatchStream.Batch first = resumed.next();
      assertEquals(3, first.epoch());
      assertEquals(0, first.indexInEpoch());
      int[] expected = take(fromStart, 4);
      int[] actual = new int[64];
      System.arraycopy(decode(first), 0, actual, 0, 16);
      System.arraycopy(take(resumed, 3), 0, actual, 16, 48);
      assertArrayEquals(expected, actual);
      assertArrayEquals(Arrays.copyOf(BatchStream.epochOrder(64, 7, 3), 64), actual);
    }
  }

  @Test
  void lastIncompleteBatchIsDropped() {
    try (BatchStream stream = new BatchStream(indexed(10), 3, 1, 0)) {
      assertEquals(3, stream.batchesPerEpoch());
      int[] order = BatchStream.epochOrder(10, 1, 0);
      for (int b = 0; b < 3; b++) {
        BatchStream.Batch batch = stream.next();
        assertEquals(0, batch.epoch());
        assertEquals(b, batch.indexInEpoch());
        assertArrayEquals(Arrays.copyOfRange(order, 3 * b, 3 * b + 3), decode(batch));
      }
      BatchStream.Batch next = stream.next();
      assertEquals(1, next.epoch(), "image order[9] is skipped, epoch 1 starts");
      assertEquals(0, next.indexInEpoch());
    }
  }

  @Test
  void valuesAreInRangeAndLayoutMatchesCopyImage() {
    byte[] pixels = new byte[20 * 4 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 13);
    }
    ImageDataset data = new ImageDataset("d", 2, 2, 3, pixels, new byte[20]);
    try (BatchStream stream = new BatchStream(data, 5, 3, 0)) {
      BatchStream.Batch batch = stream.next();
      assertEquals(5 * 12, batch.images().length);
      int[] order = BatchStream.epochOrder(20, 3, 0);
      float[] expected = new float[12];
      for (int i = 0; i < 5; i++) {
        data.copyImage(order[i], expected, 0);
        assertArrayEquals(expected, Arrays.copyOfRange(batch.images(), 12 * i, 12 * i + 12));
      }
      for (float v : batch.images()) {
        assertTrue(v >= -1f && v <= 1f, "value " + v);
      }
    }
  }

  @Test
  void recycledArraysAreReusedWithFreshContent() {
    ImageDataset data = indexed(40);
    try (BatchStream stream = new BatchStream(data, 4, 9, 0)) {
      BatchStream.Batch first = stream.next();
      float[] array = first.images();
      stream.recycle(first);
      boolean reused = false;
      for (int b = 1; b < 10; b++) {
        BatchStream.Batch batch = stream.next();
        reused |= batch.images() == array;
        int[] order = BatchStream.epochOrder(40, 9, 0);
        assertArrayEquals(Arrays.copyOfRange(order, 4 * b, 4 * b + 4), decode(batch));
      }
      assertTrue(reused, "the recycled array came back");
    }
  }

  @Test
  void closeStopsTheProducerThread() {
    BatchStream stream = new BatchStream(indexed(50), 5, 1, 0);
    stream.next();
    stream.close();
    assertFalse(stream.producerAlive());
    assertThrows(IllegalStateException.class, stream::next);
    stream.close(); // idempotent
  }

  @Test
  void producerFailureSurfacesInNext() {
    RuntimeException boom = new IllegalStateException("boom");
    ImageSource failing =
        new ImageSource() {
          @Override
          public String name() {
            return "failing";
          }

          @Override
          public int size() {
            return 10;
          }

          @Override
          public int imageSize() {
            return 1;
          }

          @Override
          public void copyImage(int index, float[] dest, int offset) {
            throw boom;
          }

          @Override
          public int label(int index) {
            return 0;
          }
        };
    try (BatchStream stream = new BatchStream(failing, 2, 1, 0)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, stream::next);
      assertSame(boom, e.getCause());
      assertNotEquals(null, e.getMessage());
      assertThrows(IllegalStateException.class, stream::next, "stays failed");
    }
  }

  @Test
  void badBatchSizeIsBadInput() {
    ImageDataset data = indexed(10);
    assertThrows(BadInputException.class, () -> new BatchStream(data, 11, 1, 0));
    assertThrows(BadInputException.class, () -> new BatchStream(data, 0, 1, 0));
  }
}
