package dev.jgan.eval.folder;

import dev.jgan.random.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which of a folder's images the evaluation reads, and how they split: a fixed fifth is held out
 * (from the feature network's training and as the reference row a real image set scores), the rest
 * is what generated images are compared with. The split depends only on the folder's size, never on
 * {@code gan evaluate --seed}, so a folder has one feature network and one split.
 *
 * @param rest indices of the images generated ones are compared with (the feature network's
 *     training images)
 * @param heldOut indices of the held-out images
 */
record FolderSplit(int[] rest, int[] heldOut) {
  /** A fifth held out: enough for a reference row on a few hundred images. */
  static final double HELD_OUT = 0.2;

  /** At most this many images are read: a large folder is sampled (the same sample every time). */
  static final int MAX_IMAGES = 12_500;

  /** Its own seed: the split must not move with --seed. */
  static final long SEED = 20_250_601L;

  static FolderSplit of(int size) {
    if (size < 10) {
      throw new dev.jgan.BadInputException(
          "the folder holds "
              + size
              + " images; an evaluation needs at least 10 (2 held out, 8 to compare with)");
    }
    SplittableRandom random = Seeds.random(SEED, 0, Seeds.EVAL_TEST);
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int used = Math.min(size, MAX_IMAGES);
    int heldOut = Math.max(2, (int) Math.round(used * HELD_OUT));
    int[] held = Arrays.copyOfRange(order, 0, heldOut);
    int[] rest = Arrays.copyOfRange(order, heldOut, used);
    Arrays.sort(held);
    Arrays.sort(rest);
    return new FolderSplit(rest, held);
  }

  /** Every image read, rest first. */
  int[] all() {
    int[] all = Arrays.copyOf(rest, rest.length + heldOut.length);
    System.arraycopy(heldOut, 0, all, rest.length, heldOut.length);
    return all;
  }
}
