package dev.jgan.data;

import dev.jgan.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What kind of image source a path is, decided by what it is on disk and by its file name. */
enum ImageSourceFormat {
  FOLDER(""),
  ZIP(".zip"),
  TAR_GZ(".tar.gz"),
  TGZ(".tgz"),
  TAR(".tar");

  private final String suffix;

  ImageSourceFormat(String suffix) {
    this.suffix = suffix;
  }

  /** The format of {@code source}; a missing or unsupported source is the user's to fix. */
  static ImageSourceFormat of(Path source) {
    if (Files.isDirectory(source)) {
      return FOLDER;
    }
    if (!Files.exists(source)) {
      throw new BadInputException(
          source + ": no such file or folder; pass a folder of images or a " + archives());
    }
    String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
    for (ImageSourceFormat format : values()) {
      if (format != FOLDER && name.endsWith(format.suffix) && Files.isRegularFile(source)) {
        return format;
      }
    }
    throw new BadInputException(
        source
            + ": not a folder or a supported archive; pass a folder of .png/.jpg images"
            + " (one sub-folder per class) or a "
            + archives());
  }

  boolean isTar() {
    return this == TAR || this == TAR_GZ || this == TGZ;
  }

  /** The file name without the archive suffix: the name of the data set. */
  String baseName(Path source) {
    Path fileName = source.getFileName();
    if (fileName == null) {
      return "images"; // the file system root
    }
    String name = fileName.toString();
    return name.substring(0, name.length() - suffix.length());
  }

  private static String archives() {
    return ".zip, .tar, .tar.gz or .tgz archive of them";
  }
}
