package dev.jgan.api;

/**
 * The folder given to {@link Generator#open} holds no generator jgan can use: it is missing, is not
 * a SavedModel, or is a SavedModel of another kind (another signature, other inputs). The message
 * names the folder and what was found there.
 */
public final class GeneratorLoadException extends RuntimeException {
  GeneratorLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
