package dev.jgan.data;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The image files of a folder tree, listed before anything is decoded so that the listing (path,
 * size, modification time) can key the cache. Symbolic links are never followed, neither to files
 * nor to folders: a link can point anywhere on the machine, and a tree that is its own content is
 * easier to reason about. Links are listed as skipped so that the user hears of them.
 */
final class FolderListing {
  /** One image file; {@code skipReason} is non-null when it will not be read. */
  record Item(String path, Path file, long size, long modifiedMillis, String skipReason) {}

  private final List<Item> items;

  private FolderListing(List<Item> items) {
    this.items = items;
  }

  /**
   * Lists {@code root} recursively, sorted by relative path; hidden files and folders are left out.
   */
  static FolderListing scan(Path root) throws IOException {
    List<Item> items = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            boolean hidden = !dir.equals(root) && ImageEntries.isHidden(name(dir));
            return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String path = relative(root, file);
            if (ImageEntries.isHidden(name(file))) {
              return FileVisitResult.CONTINUE;
            }
            long mtime = attrs.lastModifiedTime().toMillis();
            // Links are listed whatever their name: a linked class folder would vanish silently.
            if (attrs.isSymbolicLink()) {
              items.add(new Item(path, file, 0, mtime, "symbolic link, not followed"));
            } else if (ImageEntries.isImageName(path)) {
              String reason = attrs.isRegularFile() ? null : "not a regular file";
              items.add(new Item(path, file, attrs.size(), mtime, reason));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            // An unreadable sub-folder or file: counted as a skip rather than failing the whole
            // load.
            String path = relative(root, file);
            items.add(new Item(path, file, -1, 0, "cannot read: " + e));
            return FileVisitResult.CONTINUE;
          }
        });
    items.sort(Comparator.comparing(Item::path));
    return new FolderListing(List.copyOf(items));
  }

  List<Item> items() {
    return items;
  }

  /** The files that will be read: an upper bound of the images, known before decoding. */
  long readableCount() {
    return items.stream()
        .filter(i -> i.skipReason() == null && i.size() <= ImageEntries.MAX_FILE_BYTES)
        .count();
  }

  /**
   * Reads every listed image into {@code visitor}; a file that cannot be read is a skip.
   *
   * @throws BadInputException when a file's length is not the listed one (being written)
   */
  void visit(ImageEntries.Visitor visitor) {
    for (Item item : items) {
      if (item.skipReason() != null) {
        visitor.skip(item.path(), item.skipReason());
      } else if (item.size() > ImageEntries.MAX_FILE_BYTES) {
        visitor.skip(item.path(), ImageEntries.TOO_LARGE);
      } else {
        byte[] data;
        try {
          data = Files.readAllBytes(item.file());
        } catch (IOException e) {
          visitor.skip(item.path(), "cannot read: " + e);
          continue;
        }
        if (data.length != item.size()) {
          // The listing keyed the cache: an image written meanwhile would be cached under the
          // key of its older version.
          throw new BadInputException(
              item.file()
                  + " changed while the folder was being read (listed with "
                  + item.size()
                  + " bytes, read "
                  + data.length
                  + "); run again once nothing writes to the folder");
        }
        visitor.image(item.path(), data);
      }
    }
  }

  private static String name(Path path) {
    Path name = path.getFileName();
    return name == null ? "" : name.toString();
  }

  /** '/'-separated whatever the platform, so that folder and archive paths compare equal. */
  private static String relative(Path root, Path file) {
    List<String> names = new ArrayList<>();
    for (Path name : root.relativize(file)) {
      names.add(name.toString());
    }
    return String.join("/", names);
  }
}
