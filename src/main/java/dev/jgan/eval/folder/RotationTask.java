package dev.jgan.eval.folder;

import dev.jgan.data.ImageDataset;
import dev.jgan.model.ClassifierNet;
import dev.jgan.model.ImageShape;

/**
 * The self-supervised task a folder's feature network learns (Gidaris et al. 2018, "Unsupervised
 * representation learning by predicting image rotations"): each image turned by 0, 90, 180 or 270
 * degrees, labelled with its turn. Predicting it needs the objects' shape and orientation, which is
 * what FID should compare; it needs no labels and no download. Training images also come mirrored
 * (left-right, before the turn: a mirrored upright image is still upright).
 */
final class RotationTask {
  private RotationTask() {}

  /**
   * Every image of {@code images} (square, HWC bytes), turned 4 ways, and also mirrored when {@code
   * mirrored}: labels 0..3, quarter turns clockwise.
   */
  static ImageDataset of(String name, byte[] images, ImageShape shape, boolean mirrored) {
    int count = images.length / shape.pixels();
    int variants = ClassifierNet.ROTATIONS * (mirrored ? 2 : 1);
    byte[] pixels =
        new byte[Math.multiplyExact(Math.multiplyExact(count, variants), shape.pixels())];
    byte[] labels = new byte[count * variants];
    byte[] upright = new byte[shape.pixels()];
    int at = 0;
    for (int i = 0; i < count; i++) {
      for (int mirror = 0; mirror < (mirrored ? 2 : 1); mirror++) {
        System.arraycopy(images, i * shape.pixels(), upright, 0, upright.length);
        if (mirror == 1) {
          upright = mirror(upright, shape);
        }
        byte[] turned = upright;
        for (int turn = 0; turn < ClassifierNet.ROTATIONS; turn++) {
          System.arraycopy(turned, 0, pixels, at * shape.pixels(), turned.length);
          labels[at++] = (byte) turn;
          turned = quarterTurn(turned, shape);
        }
      }
    }
    return new ImageDataset(name, shape.height(), shape.width(), shape.channels(), pixels, labels);
  }

  /** The image turned 90 degrees clockwise: out(y, x) = in(size - 1 - x, y). */
  static byte[] quarterTurn(byte[] image, ImageShape shape) {
    int size = shape.height();
    int channels = shape.channels();
    byte[] out = new byte[image.length];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        System.arraycopy(
            image,
            ((size - 1 - x) * size + y) * channels,
            out,
            (y * size + x) * channels,
            channels);
      }
    }
    return out;
  }

  /** The image mirrored left to right. */
  static byte[] mirror(byte[] image, ImageShape shape) {
    int size = shape.width();
    int channels = shape.channels();
    byte[] out = new byte[image.length];
    for (int y = 0; y < shape.height(); y++) {
      for (int x = 0; x < size; x++) {
        System.arraycopy(
            image, (y * size + size - 1 - x) * channels, out, (y * size + x) * channels, channels);
      }
    }
    return out;
  }
}
