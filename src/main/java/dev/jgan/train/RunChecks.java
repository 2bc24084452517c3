package dev.jgan.train;

import dev.jgan.BadInputException;
import dev.jgan.config.BatchSource;
import dev.jgan.config.Precision;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.BatchStream;
import dev.jgan.data.ImageSet;
import dev.jgan.model.ImageShape;
import dev.jgan.runtime.CpuFeatures;
import dev.jgan.runtime.DevicePlan;
import dev.jgan.runtime.SessionOptions;
import dev.jgan.train.graph.StepInputs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run checks before its folder is made (README: bad input leaves no folder behind): the
 * config against the machine, and the data against the config.
 */
final class RunChecks {
  private static final Logger LOG = LoggerFactory.getLogger(RunChecks.class);

  private RunChecks() {}

  /** The config against the machine: the batch splits over the towers; bfloat16 fits the CPU. */
  static void machine(TrainConfig config) {
    SessionOptions.processDefault().towers().shard(config.batchSize());
    if (config.precision() == Precision.BFLOAT16) {
      boolean onGpu = SessionOptions.processDefault().plan().target() == DevicePlan.Target.GPU;
      PrecisionCheck.bfloat16(onGpu, CpuFeatures.ofThisMachine()).ifPresent(LOG::warn);
    }
  }

  /**
   * The data against a config whose classes are resolved: a full batch, the model's image shape,
   * and a resident set the graph may hold.
   *
   * @return the images' shape
   */
  static ImageShape data(TrainConfig config, ImageSet images) {
    BatchStream.checkBatchSize(config.batchSize(), images.size());
    ImageShape image = new ImageShape(images.height(), images.width(), images.channels());
    if (!image.equals(config.imageShape())) {
      throw new BadInputException(
          "the data set's images are "
              + image
              + " but the config asks "
              + config.model()
              + " for "
              + config.imageShape()
              + "; check --image-size and --channels");
    }
    resident(config.batchSource(), images);
    return image;
  }

  /**
   * Whether the set goes into the graph ({@code --batch-source}, docs/DESIGN.md "The step's
   * inputs"): on request, or by AUTO when it is small.
   *
   * @throws BadInputException for {@code graph} on a set above {@link
   *     StepInputs#MAX_RESIDENT_BYTES}
   */
  static boolean resident(BatchSource source, ImageSet images) {
    return resident(source, images, StepInputs.MAX_RESIDENT_BYTES);
  }

  static boolean resident(BatchSource source, ImageSet images, long maxBytes) {
    long bytes = (long) images.size() * images.imageSize();
    return switch (source) {
      case FEED -> false;
      case AUTO -> bytes <= StepInputs.AUTO_RESIDENT_BYTES;
      case GRAPH -> {
        if (bytes > maxBytes) {
          throw new BadInputException(
              "--batch-source graph: the training set is "
                  + bytes
                  + " bytes decoded, above the "
                  + maxBytes
                  + " the graph may hold; use --batch-source feed");
        }
        yield true;
      }
    };
  }

  /** See {@link TrainRun#resolveClasses}. */
  static TrainConfig classes(TrainConfig config, ImageSet images) {
    if (!config.conditional()) {
      return config;
    }
    int found = images.classCount();
    if (found < 2) {
      throw new BadInputException(
          "--conditional needs labelled images of at least 2 classes, but "
              + images.name()
              + " has a single class (every label is 0); put the images in one sub-folder per"
              + " class (e.g. DATA/cats/*.png, DATA/dogs/*.png) or drop --conditional");
    }
    if (config.classes() == 0) {
      return config.withClasses(found);
    }
    if (found > config.classes()) {
      throw new BadInputException(
          "the data set "
              + images.name()
              + " has "
              + found
              + " classes but the config says classes "
              + config.classes()
              + "; set classes to 0 (the data's count) or at least "
              + found);
    }
    return config;
  }
}
