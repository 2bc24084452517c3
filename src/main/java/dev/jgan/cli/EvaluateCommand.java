package dev.jgan.cli;

import dev.jgan.BadInputException;
import dev.jgan.config.ConfigResolver;
import dev.jgan.data.DatasetFetcher;
import dev.jgan.eval.Evaluation;
import dev.jgan.eval.Report;
import dev.jgan.eval.folder.FolderEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gan evaluate}: how close a generator's images are to the real ones. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generate N images with a trained generator and compare them with N test images of its data"
          + " set in the feature space of a classifier trained on that set: FID, KID, classifier"
          + " score, predicted-class histogram and its entropy, precision and recall, and the"
          + " run's discriminator accuracy when it has export-discriminator/. A conditional"
          + " generator is asked for labels 0..K-1 in turn, and also gets label accuracy (the"
          + " classifier agrees with the label asked for) and FID per class.",
      "Reference rows (train vs test, uniform noise, one image repeated) come with every report;"
          + " they are computed once per classifier, data set, N and seed, and cached in"
          + " ~/.cache/jgan/eval-reference.",
      "A run on an image folder (--dataset folder) is compared with the folder's own images in"
          + " the space of a feature network trained on the folder by predicting rotations (once,"
          + " cached in ~/.cache/jgan/folder-features), with reference rows (a held-out fifth,"
          + " noise, one image repeated) and a memorisation check: how close samples come to"
          + " their nearest training images, against real images, and nearest.png."
    })
public final class EvaluateCommand implements Callable<Integer>, GanCli.OnRunFolder {
  @Mixin ModelOption model;

  @Option(
      names = "--dataset",
      description = "mnist, fashion-mnist or folder (default: the run's config.json)")
  String dataset;

  @Option(
      names = "--count",
      defaultValue = "" + Evaluation.MAX_COUNT,
      description =
          "Generated images, compared with as many test images, at most "
              + Evaluation.MAX_COUNT
              + " (default: ${DEFAULT-VALUE}); numbers are comparable only at the same count")
  int count;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "Seed of the latent vectors (the same as 'gan generate --seed'), the test subset and"
              + " KID's subsets (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--json", description = "Print the report as JSON instead of a table")
  boolean json;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description = "A folder or .tgz/.tar with the data set's IDX files (as for 'gan train')")
  Path data;

  @Option(
      names = "--classifier",
      paramLabel = "DIR",
      description =
          "A classifier SavedModel from 'gan train-classifier' (default: the one bundled for the"
              + " data set; a folder run uses a feature network trained on its folder)")
  Path classifier;

  @Option(
      names = "--nearest",
      paramLabel = "FILE",
      description =
          "Folder runs: where to write nearest.png, each sample beside its nearest training"
              + " images (default: the run folder)")
  Path nearest;

  @Override
  public Integer call() throws Exception {
    TrainingNotice.of(model.path).ifPresent(System.err::println);
    Evaluation.Request request =
        new Evaluation.Request(
            model.path,
            dataset,
            Optional.ofNullable(data),
            count,
            seed,
            classifier,
            DatasetFetcher.defaultCacheRoot());
    Report report =
        folderRun(request)
            ? FolderEvaluation.run(request, nearest, System.err)
            : Evaluation.run(request, System.err);
    if (json) {
      System.out.println(
          ConfigResolver.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson()));
    } else {
      report.table().forEach(System.out::println);
    }
    return 0;
  }

  /** Checks what only a folder run or only an MNIST-like one takes, and says which it is. */
  private boolean folderRun(Evaluation.Request request) {
    Evaluation.checkCount(count);
    if (!Files.exists(model.path)) {
      throw new BadInputException(
          "--model "
              + model.path
              + " does not exist; pass a run folder from 'gan train' or its export/ folder");
    }
    boolean folder = Evaluation.isFolder(request);
    if (folder && classifier != null) {
      throw new BadInputException(
          "--classifier is for mnist and fashion-mnist runs; a folder run is scored with a feature"
              + " network trained on its own folder: leave --classifier out");
    }
    if (!folder && nearest != null) {
      throw new BadInputException(
          "--nearest is for folder runs (the memorisation check); leave it out for "
              + (dataset != null ? dataset : "this run"));
    }
    return folder;
  }

  @Override
  public java.util.Optional<Path> runFolder() {
    return model.path == null ? java.util.Optional.empty() : TrainingNotice.runOf(model.path);
  }
}
