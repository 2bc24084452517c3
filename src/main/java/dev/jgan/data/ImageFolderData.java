package dev.jgan.data;

import java.util.List;

/**
 * What {@link ImageFolders#load} found: the images, the name of each label (label i is {@code
 * classNames.get(i)}), and how many image files were skipped (undecodable, unsafe, links).
 */
public record ImageFolderData(ImageDataset data, List<String> classNames, int skipped) {
  public ImageFolderData {
    classNames = List.copyOf(classNames);
  }
}
