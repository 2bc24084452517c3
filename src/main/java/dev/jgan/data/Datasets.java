package dev.jgan.data;

import java.nio.file.Path;
import java.util.Optional;

/** The one-call entry point: find or fetch a data set, verify it, and load one split. */
public final class Datasets {
  private Datasets() {}

  /**
   * Loads {@code split} of {@code spec}, from {@code data} when given (the {@code --data} flag),
   * else from the cache or the network; see {@link DatasetFetcher}.
   */
  public static ImageDataset load(DatasetSpec spec, Optional<Path> data, Split split) {
    return DatasetFetcher.withDefaultCache().fetch(spec, data).load(split);
  }
}
