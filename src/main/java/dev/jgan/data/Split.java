package dev.jgan.data;

/** Which half of a data set: the training images or the held-out test images. */
public enum Split {
  TRAIN,
  TEST
}
