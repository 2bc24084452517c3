package dev.jgan;

/**
 * A problem with what the user gave us (a flag, a file, a data set), as opposed to a bug or an
 * environment failure. The message names the bad value and says how to fix it; the CLI prints it on
 * one line and exits with code 2.
 */
public class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
