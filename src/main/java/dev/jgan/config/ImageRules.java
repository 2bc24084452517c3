package dev.jgan.config;

import dev.jgan.model.ImageShape;

/**
 * Which image shape each model makes from each data set: the automatic choice when {@code
 * image_size}/{@code channels} are 0, and the combinations that cannot work.
 *
 * <p>MNIST-like data (28x28 grey) feeds the 28x28 models as is; dcgan-bn makes 32x32 from it by
 * padding 2 pixels of background on each side (strokes keep their shape, as in LeNet-5). Image
 * folders are resized to the model's size.
 */
final class ImageRules {
  private static final int IDX_SIZE = 28;
  private static final int DCGAN_BN_IDX_SIZE = 32;
  private static final int DCGAN_BN_FOLDER_SIZE = 64;

  private ImageRules() {}

  /** The image shape a config resolves to (0 settings replaced by the automatic choice). */
  static ImageShape shape(ModelKind model, String dataset, int imageSize, int channels) {
    boolean folder = TrainConfig.FOLDER.equals(dataset);
    int size = imageSize != 0 ? imageSize : autoSize(model, folder);
    int depth = channels != 0 ? channels : (folder && model != ModelKind.DCGAN ? 3 : 1);
    return new ImageShape(size, size, depth);
  }

  private static int autoSize(ModelKind model, boolean folder) {
    if (model == ModelKind.DCGAN_BN) {
      return folder ? DCGAN_BN_FOLDER_SIZE : DCGAN_BN_IDX_SIZE;
    }
    return IDX_SIZE;
  }

  /** Throws naming the setting when the model cannot make this data set's images. */
  static void check(TrainConfig c) {
    boolean folder = TrainConfig.FOLDER.equals(c.dataset());
    if (folder && (c.data() == null || c.data().isBlank())) {
      throw TrainConfig.bad(
          "data", c.data(), "--dataset folder needs --data PATH: a folder, .zip, .tar or .tgz");
    }
    // image_size and channels on their own: their checks in ModelSettings (run first).
    ImageShape shape = shape(c.model(), c.dataset(), c.imageSize(), c.channels());
    if (!folder && shape.channels() != 1) {
      throw TrainConfig.bad(
          "channels", c.channels(), c.dataset() + " is greyscale: use 1, or --dataset folder");
    }
    switch (c.model()) {
      case DCGAN -> {
        if (shape.height() != IDX_SIZE || shape.channels() != 1) {
          throw TrainConfig.bad(
              "image_size",
              shape.height() + "x" + shape.width() + "x" + shape.channels(),
              "dcgan makes 28x28x1 images; use --model dcgan-bn for 32 or 64 pixels or colour");
        }
      }
      case DCGAN_BN -> {
        if (shape.height() != 32 && shape.height() != 64) {
          throw TrainConfig.bad("image_size", shape.height(), "dcgan-bn makes 32 or 64 pixels");
        }
        if (!folder && shape.height() != DCGAN_BN_IDX_SIZE) {
          throw TrainConfig.bad(
              "image_size",
              shape.height(),
              c.dataset() + " is padded to 32x32 for dcgan-bn; use 32 (or 0)");
        }
      }
      default -> {
        if (!folder && shape.height() != IDX_SIZE) {
          throw TrainConfig.bad(
              "image_size", shape.height(), c.dataset() + " images are 28x28; use 28 (or 0)");
        }
      }
    }
  }
}
