package dev.jgan.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The training images of a run, in the shape its model makes. */
public final class TrainingData {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

  /** The data set of images from a folder or archive ({@code --data}). */
  public static final String FOLDER = "folder";

  private TrainingData() {}

  /**
   * The training split of {@code dataset} at {@code size} x {@code size} x {@code channels}: an
   * image folder is decoded and resized to it, once, into a store on disk (see {@link
   * ImageFolders}); an IDX data set (28x28 grey) is padded with a border of background when the
   * model makes larger images (dcgan-bn's 32x32).
   *
   * @param data the {@code --data} path, if given
   * @param conditional whether to log the class names of a folder (labels are its sub-folders)
   */
  public static ImageSet load(
      String dataset, Optional<Path> data, int size, int channels, boolean conditional) {
    if (dataset.equals(FOLDER)) {
      ImageFolderData folder = ImageFolders.load(data.orElseThrow(), size, channels);
      if (conditional) {
        LOG.info("classes (label: name): {}", labelled(folder.classNames()));
      }
      return folder.data();
    }
    ImageDataset idx = Datasets.load(DatasetSpec.byName(dataset), data, Split.TRAIN);
    return idx.height() == size ? idx : ImagePadding.padTo(idx, size);
  }

  private static String labelled(List<String> names) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(i).append(": ").append(names.get(i));
    }
    return out.toString();
  }
}
