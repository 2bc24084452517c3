package dev.jgan.model;

/** The shape of one image, NHWC without N. */
public record ImageShape(int height, int width, int channels) {
  public static final ImageShape MNIST = new ImageShape(28, 28, 1);

  public int pixels() {
    return height * width * channels;
  }
}
