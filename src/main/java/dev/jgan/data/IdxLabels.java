package dev.jgan.data;

/** The contents of an IDX uint8 label file: one unsigned byte per item. */
public record IdxLabels(int count, byte[] labels) {
  public IdxLabels {
    if (count <= 0 || labels.length != count) {
      throw new IllegalArgumentException("labels.length " + labels.length + " != " + count);
    }
  }
}
