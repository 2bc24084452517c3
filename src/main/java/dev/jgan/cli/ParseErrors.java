package dev.jgan.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command line picocli cannot parse, said in one {@code error:} line that names the option and
 * the value and points to the command's help; no usage dump (issue 26: 211 lines for train).
 */
final class ParseErrors implements CommandLine.IParameterExceptionHandler {
  /** picocli's own converters: "'x' is not an int". */
  private static final Pattern NOT_A =
      Pattern.compile("'.*' is not an? (int|long|short|byte|float|double|\\w+)");

  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    String command = e.getCommandLine().getCommandSpec().qualifiedName();
    System.err.println("error: " + line(e) + "; see '" + command + " --help'");
    return GanCli.EXIT_BAD_INPUT;
  }

  /** What went wrong, on one line. */
  static String line(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
      List<String> words = unmatched.getUnmatched();
      String first = words.isEmpty() ? "" : words.get(0);
      return (first.startsWith("-") ? "unknown option " : "unexpected argument ")
          + String.join(" ", words);
    }
    if (e.getCause() instanceof CommandLine.TypeConversionException bad
        && e.getArgSpec() instanceof OptionSpec option) {
      return option.longestName() + " " + e.getValue() + ": " + expected(bad.getMessage());
    }
    String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
    return message.isEmpty()
        ? message
        : Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }

  private static String expected(String message) {
    Matcher m = NOT_A.matcher(message);
    if (!m.matches()) {
      return message.replaceAll("\\s+", " ");
    }
    return switch (m.group(1)) {
      case "int", "long", "short", "byte" -> "expected an integer";
      case "float", "double" -> "expected a number";
      default -> "expected " + m.group(1);
    };
  }
}
