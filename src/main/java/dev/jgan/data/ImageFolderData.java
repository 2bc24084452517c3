package dev.jgan.data;

import java.util.List;

/**
 * What {@link ImageFolders#load} found: the images (on disk, see {@link MappedImageSet}), the name
 * of each label (label i is {@code classNames.get(i)}), and how many image files were skipped
 * (undecodable, unsafe, links).
 */
public record ImageFolderData(ImageSet data, List<String> classNames, int skipped) {
  public ImageFolderData {
    classNames = List.copyOf(classNames);
  }
}
