package dev.jgan.cli;

import dev.jgan.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code gan <command>}. Exit codes: 0 ok, 1 failure, 2 bad input. */
@Command(
    name = "gan",
    mixinStandardHelpOptions = true,
    version = "jgan 0.1.0 (TensorFlow Java 1.0.0)",
    description =
        "Train generative adversarial networks on TensorFlow Java and export SavedModels.",
    subcommands = {
      TrainCommand.class,
      GenerateCommand.class,
      TrainClassifierCommand.class,
      EvaluateCommand.class,
      DoctorCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class GanCli implements Runnable {
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command, e.g. 'gan train'");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return new CommandLine(new GanCli()).setExecutionExceptionHandler(GanCli::handle).execute(args);
  }

  private static int handle(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof BadInputException) {
      commandLine.getErr().println("error: " + e.getMessage());
      return EXIT_BAD_INPUT;
    }
    commandLine.getErr().println("failed: " + e);
    e.printStackTrace(commandLine.getErr());
    return EXIT_FAILURE;
  }
}
