package dev.jgan.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgan.BadInputException;
import dev.jgan.config.ConfigResolver;
import dev.jgan.model.ClassifierNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * {@code classifier.json}, written next to a trained classifier's SavedModel: the data set it was
 * trained on, its architecture and settings, and its measured test accuracy.
 */
public record ClassifierCard(String dataset, OptionalDouble testAccuracy) {
  public static final String FILE = "classifier.json";
  static final String FORMAT = "jgan-classifier/1";

  static String describe(ClassifierNet net) {
    return String.format(
        "input(%dx%dx%d) conv5x5(%d) relu maxpool2 conv5x5(%d) relu maxpool2 dense(%d) relu [features]"
            + " dropout(%s) dense(%d) [logits]",
        net.image().height(),
        net.image().width(),
        net.image().channels(),
        net.conv1(),
        net.conv2(),
        net.features(),
        net.dropout(),
        net.classes());
  }

  /** The card in {@code savedModel}, or null when there is none (a foreign SavedModel). */
  public static ClassifierCard read(Path savedModel) {
    Path file = savedModel.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode json = ConfigResolver.JSON.readTree(file.toFile());
      return new ClassifierCard(
          json.path("dataset").asText(""),
          json.path("test_accuracy").isNumber()
              ? OptionalDouble.of(json.get("test_accuracy").asDouble())
              : OptionalDouble.empty());
    } catch (IOException e) {
      throw new BadInputException(file + " is not valid JSON (" + e.getMessage() + "); fix it", e);
    }
  }
}
