package dev.jgan.data;

import dev.jgan.BadInputException;
import java.util.Locale;
import java.util.Map;

/** Verified locations of a data set's four files, ready to be loaded. */
public record DatasetFiles(
    DatasetSpec spec,
    IdxSource trainImages,
    IdxSource trainLabels,
    IdxSource testImages,
    IdxSource testLabels) {

  static DatasetFiles of(DatasetSpec spec, Map<DataFile, IdxSource> found) {
    return new DatasetFiles(
        spec,
        found.get(spec.trainImages()),
        found.get(spec.trainLabels()),
        found.get(spec.testImages()),
        found.get(spec.testLabels()));
  }

  /** Reads one split into memory; damaged files throw {@link BadInputException}. */
  public ImageDataset load(Split split) {
    IdxSource images = split == Split.TRAIN ? trainImages : testImages;
    IdxSource labels = split == Split.TRAIN ? trainLabels : testLabels;
    IdxImages pixels = images.readImages();
    IdxLabels classes = labels.readLabels();
    if (pixels.count() != classes.count()) {
      throw new BadInputException(
          images.describe()
              + " holds "
              + pixels.count()
              + " images but "
              + labels.describe()
              + " holds "
              + classes.count()
              + " labels; the files come from different sets,"
              + " re-download them");
    }
    return ImageDataset.fromIdx(
        spec.name() + " " + split.name().toLowerCase(Locale.ROOT), pixels, classes);
  }
}
