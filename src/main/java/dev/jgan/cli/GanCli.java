package dev.jgan.cli;

import java.nio.file.Path;
import java.util.Optional;
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
      WorkerCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class GanCli implements Runnable {
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  // Inherited: `gan train ... --debug` works as well as `gan --debug train ...`.
  @CommandLine.Option(
      names = "--debug",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print the stack trace of a failure (also: JGAN_DEBUG=1)")
  boolean debug;

  /** A command working on a run folder: an unexpected failure's trace goes to its error.log. */
  interface OnRunFolder {
    Optional<Path> runFolder();
  }

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
    // Read from the words themselves: the inherited option lands on whichever command matched it.
    boolean debug =
        FailureReport.debugFromEnvironment() || java.util.List.of(args).contains("--debug");
    return new CommandLine(new GanCli())
        .setParameterExceptionHandler(new ParseErrors())
        .setExecutionExceptionHandler((e, commandLine, parsed) -> handle(e, commandLine, debug))
        .execute(args);
  }

  private static int handle(Exception e, CommandLine commandLine, boolean debug) {
    Optional<Path> run =
        commandLine.getCommand() instanceof OnRunFolder command
            ? command.runFolder()
            : Optional.empty();
    return new FailureReport(System.err, debug).report(e, run);
  }
}
