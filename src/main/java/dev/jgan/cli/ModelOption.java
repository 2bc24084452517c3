package dev.jgan.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The trained model a command reads: {@code --model PATH}, shared by generate and evaluate. */
final class ModelOption {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "PATH",
      description = "A run folder from 'gan train' (export/ + config.json) or a SavedModel folder")
  Path path;
}
