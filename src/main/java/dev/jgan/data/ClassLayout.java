package dev.jgan.data;

import dev.jgan.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which class each image belongs to, from where it sits in the tree:
 *
 * <ul>
 *   <li>images in first-level sub-folders ({@code cats/a.png}, {@code dogs/x/b.jpg}) take the index
 *       of that folder's name in sorted order as label;
 *   <li>images all at the top level form one class, label 0;
 *   <li>a top-level image next to class folders belongs to no class and is skipped;
 *   <li>a lone first-level folder that holds no images itself but only sub-folders is a wrapper and
 *       is looked through, repeatedly: {@code tar czf photos.tgz photos/} gives the entries {@code
 *       photos/cats/..., photos/dogs/...}, and the classes are meant to be cats and dogs, whether
 *       the archive or the folder holding {@code photos} is loaded.
 * </ul>
 *
 * Only decoded images count, so every class has at least one image.
 */
final class ClassLayout {
  /** Labels are stored as bytes. */
  static final int MAX_CLASSES = 256;

  private final List<String> classNames;
  private final Map<String, Integer> labels;
  private final List<String> unlabelled;

  private ClassLayout(
      List<String> classNames, Map<String, Integer> labels, List<String> unlabelled) {
    this.classNames = classNames;
    this.labels = labels;
    this.unlabelled = unlabelled;
  }

  /**
   * @param paths '/'-separated relative paths of the images
   * @param sourceName the class name when all images are at the top level
   * @param source for messages
   */
  static ClassLayout of(Collection<String> paths, String sourceName, Path source) {
    int strip = 0; // segments of wrappers looked through
    String singleName = sourceName;
    while (true) {
      String wrapper = wrapper(paths, strip);
      if (wrapper == null) {
        break;
      }
      singleName = wrapper;
      strip++;
    }
    TreeSet<String> folders = new TreeSet<>();
    for (String path : paths) {
      String[] segments = path.split("/");
      if (segments.length - strip >= 2) {
        folders.add(segments[strip]);
      }
    }
    if (folders.size() > MAX_CLASSES) {
      throw new BadInputException(
          source
              + ": "
              + folders.size()
              + " class folders, more than the "
              + MAX_CLASSES
              + " supported; merge classes or put the images in one folder without classes");
    }
    List<String> names = folders.isEmpty() ? List.of(singleName) : List.copyOf(folders);
    Map<String, Integer> index = new HashMap<>();
    for (String name : names) {
      index.put(name, index.size());
    }
    Map<String, Integer> labels = new HashMap<>();
    List<String> unlabelled = new ArrayList<>();
    for (String path : paths) {
      String[] segments = path.split("/");
      if (folders.isEmpty()) {
        labels.put(path, 0);
      } else if (segments.length - strip >= 2) {
        labels.put(path, index.get(segments[strip]));
      } else {
        unlabelled.add(path);
      }
    }
    return new ClassLayout(names, labels, unlabelled);
  }

  /** The folder at depth {@code strip} when all paths go through it and none ends in it. */
  private static String wrapper(Collection<String> paths, int strip) {
    String common = null;
    for (String path : paths) {
      String[] segments = path.split("/");
      if (segments.length - strip < 3) {
        return null; // an image in the folder itself, or directly in a class folder
      }
      if (common != null && !common.equals(segments[strip])) {
        return null;
      }
      common = segments[strip];
    }
    return common;
  }

  List<String> classNames() {
    return classNames;
  }

  /** The label of an image path, or -1 for a top-level image next to class folders. */
  int label(String path) {
    return labels.getOrDefault(path, -1);
  }

  /** Top-level images next to class folders: they belong to no class. */
  List<String> unlabelled() {
    return unlabelled;
  }
}
