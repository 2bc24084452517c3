package dev.jgan.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules shared by every kind of image source (folder, zip, tar), so that the same tree gives
 * the same images whichever way it is packed: which names are images, which are hidden, which
 * archive paths are unsafe, and how much of one file is read.
 */
final class ImageEntries {
  /**
   * Files above this size are skipped without being read: a bound on the memory one entry can take,
   * well above any 50-megapixel PNG or JPEG a data set would hold.
   */
  static final long MAX_FILE_BYTES = 256L << 20;

  static final String TOO_LARGE =
      "larger than the " + (MAX_FILE_BYTES >> 20) + " MiB limit for one image file";

  private ImageEntries() {}

  /** Receives the entries of a source, in any order. */
  interface Visitor {
    /** A readable image file at {@code path} (relative, '/'-separated) with its bytes. */
    void image(String path, byte[] data);

    /** An image file that will not be decoded, and why. */
    void skip(String path, String reason);
  }

  /** Image files by name: .png, .jpg, .jpeg in any case. Everything else is ignored. */
  static boolean isImageName(String path) {
    String name = path.toLowerCase(Locale.ROOT);
    return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
  }

  /**
   * True when a segment is hidden (starts with '.') or is macOS's {@code __MACOSX} folder: zips
   * made on a Mac carry {@code __MACOSX/cats/._a.png} resource forks, which would otherwise be
   * counted as broken images and even become a class.
   */
  static boolean isHidden(String segment) {
    return segment.startsWith(".") || segment.equals("__MACOSX");
  }

  /**
   * The '/'-separated path of an archive member without "." segments and empty segments, or null
   * when it is unsafe: absolute (also "C:" drive paths) or with a ".." segment. We never write
   * members to disk, but a path that escapes the archive is a sign of a crafted archive, and
   * skipping it keeps labels from coming from outside the tree. Backslashes count as separators
   * because zips made on Windows may use them.
   */
  static String safeMemberPath(String raw) {
    String name = raw.replace('\\', '/');
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      return null;
    }
    List<String> kept = new ArrayList<>();
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        return null;
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        kept.add(segment);
      }
    }
    return String.join("/", kept);
  }

  /**
   * The path under which an archive entry is read as an image, or null when it is not read:
   * folders, hidden files and other files than images are passed over silently; links and unsafe
   * paths are reported to {@code v} as skipped.
   *
   * @param link null, or why the entry is a link that is not followed
   */
  static String imagePath(String raw, boolean directory, String link, Visitor v) {
    if (directory) {
      return null;
    }
    String path = safeMemberPath(raw);
    if (path != null && (path.isEmpty() || isHiddenPath(path))) {
      return null;
    }
    if (link != null) {
      v.skip(raw, link);
      return null;
    }
    if (path == null) {
      v.skip(raw, "unsafe path in the archive (absolute or with ..)");
      return null;
    }
    return isImageName(path) ? path : null;
  }

  /** True when any segment of a relative '/'-separated path is hidden. */
  static boolean isHiddenPath(String path) {
    for (String segment : path.split("/")) {
      if (isHidden(segment)) {
        return true;
      }
    }
    return false;
  }

  /** The whole stream, or null when it is longer than {@link #MAX_FILE_BYTES}. */
  static byte[] readLimited(InputStream in) throws IOException {
    byte[] data = in.readNBytes((int) MAX_FILE_BYTES + 1);
    return data.length > MAX_FILE_BYTES ? null : data;
  }
}
