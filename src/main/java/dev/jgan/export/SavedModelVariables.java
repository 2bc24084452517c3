package dev.jgan.export;

import dev.jgan.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check that a SavedModel folder holds its weights before TensorFlow loads it: without {@code
 * variables/}, TensorFlow loads the graph, warns on stderr, and fails only at the first run with
 * "Attempting to use uninitialized value". Every model jgan exports has variables.
 */
public final class SavedModelVariables {
  private SavedModelVariables() {}

  /**
   * Throws unless {@code savedModel}/variables/variables.index exists.
   *
   * @param what how the error names the folder (e.g. "--model runs/r1")
   */
  public static void require(Path savedModel, String what) {
    Path variables = savedModel.resolve("variables");
    if (!Files.isDirectory(variables)) {
      throw new BadInputException(
          what
              + ": the SavedModel has no variables/ (its weights) in "
              + savedModel
              + "; copy the whole export folder, or export the run again (gan train --resume RUN)");
    }
    if (!Files.isRegularFile(variables.resolve("variables.index"))) {
      throw new BadInputException(
          what
              + ": the SavedModel's variables/ in "
              + savedModel
              + " has no variables.index; copy the whole export folder, or export the run again"
              + " (gan train --resume RUN)");
    }
  }
}
