package dev.jgan.model;

/** What every model stores the same way: the latent size, the image shape and the class count. */
abstract class BaseGanModel implements GanModel {
  protected final int latentDim;
  protected final ImageShape image;
  protected final int classes;

  /**
   * @param classes K for a conditional GAN, 0 for an unconditional one
   */
  BaseGanModel(int latentDim, ImageShape image, int classes) {
    this.latentDim = latentDim;
    this.image = image;
    this.classes = classes;
  }

  @Override
  public final int latentDim() {
    return latentDim;
  }

  @Override
  public final ImageShape imageShape() {
    return image;
  }

  @Override
  public final int classes() {
    return classes;
  }
}
