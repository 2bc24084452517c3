package dev.jgan.eval.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** A folder's split: a fixed fifth held out, the rest compared with; the same every time. */
class FolderSplitTest {
  @Test
  void theSplitDependsOnlyOnTheFolderSize() {
    FolderSplit a = FolderSplit.of(500);
    FolderSplit b = FolderSplit.of(500);
    assertArrayEquals(a.rest(), b.rest());
    assertArrayEquals(a.heldOut(), b.heldOut());
    // Shuffled, not the first or last fifth.
    assertFalse(Arrays.equals(a.heldOut(), range(0, 100)));
    assertFalse(Arrays.equals(a.heldOut(), range(400, 500)));
  }

  @Test
  void aFifthIsHeldOutAndTheTwoPartsCoverTheFolderOnce() {
    for (int size : new int[] {10, 11, 13, 37, 500, 1001}) {
      FolderSplit split = FolderSplit.of(size);
      assertEquals(Math.max(2, Math.round(size / 5.0)), split.heldOut().length, "size " + size);
      assertPartition(split, size, size);
    }
    assertEquals(2, FolderSplit.of(10).heldOut().length, "at least 2 held out");
    assertEquals(8, FolderSplit.of(10).rest().length);
  }

  @Test
  void aLargeFolderIsSampledUpToTheCap() {
    int size = FolderSplit.MAX_IMAGES * 2 + 7;
    FolderSplit split = FolderSplit.of(size);
    assertEquals(FolderSplit.MAX_IMAGES / 5, split.heldOut().length);
    assertPartition(split, size, FolderSplit.MAX_IMAGES);
    // A sample spread over the whole folder, not its first images.
    assertTrue(split.rest()[split.rest().length - 1] > FolderSplit.MAX_IMAGES);
    assertArrayEquals(split.rest(), FolderSplit.of(size).rest());
  }

  @Test
  void fewerThanTenImagesAreRefused() {
    BadInputException e = assertThrows(BadInputException.class, () -> FolderSplit.of(9));
    assertTrue(e.getMessage().contains("holds 9 images"), e.getMessage());
    assertTrue(e.getMessage().contains("at least 10"), e.getMessage());
    assertThrows(BadInputException.class, () -> FolderSplit.of(0));
  }

  @Test
  void allListsTheRestFirst() {
    FolderSplit split = FolderSplit.of(20);
    int[] all = split.all();
    assertArrayEquals(split.rest(), Arrays.copyOf(all, split.rest().length));
    assertArrayEquals(split.heldOut(), Arrays.copyOfRange(all, split.rest().length, all.length));
  }

  /** rest and heldOut: disjoint, sorted, within 0..size-1, {@code used} images in all. */
  private static void assertPartition(FolderSplit split, int size, int used) {
    BitSet seen = new BitSet(size);
    for (int[] part : new int[][] {split.rest(), split.heldOut()}) {
      for (int i = 0; i < part.length; i++) {
        assertTrue(part[i] >= 0 && part[i] < size, "index " + part[i] + " of " + size);
        assertFalse(seen.get(part[i]), "index " + part[i] + " twice");
        seen.set(part[i]);
        if (i > 0) {
          assertTrue(part[i - 1] < part[i], "sorted");
        }
      }
    }
    assertEquals(used, seen.cardinality());
  }

  private static int[] range(int from, int to) {
    int[] out = new int[to - from];
    Arrays.setAll(out, i -> from + i);
    return out;
  }
}
