package dev.jgan.runtime;

import dev.jgan.StagingFolders;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM (docker stop) into a request that the training loop (or {@code
 * generate}, between batches) polls, so a run stops between steps and can write a checkpoint
 * instead of dying mid-write. A second signal exits at once with 130, after removing the staging
 * folders being written. Before a run's first step a signal quits at once (see {@link
 * #quitAtOnceUntilClosed}).
 */
public final class StopSignal implements BooleanSupplier, AutoCloseable {
  /** The shell's exit code for "terminated by SIGINT". */
  public static final int EXIT_CODE = 130;

  private volatile boolean requested;
  private volatile String notice =
      "stopping after this step and writing a checkpoint (signal again to quit at once)";
  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();

  /**
   * Installs the handlers of a training run; {@link #close()} puts the previous ones back. Until
   * the run's first step ({@link #quitAtOnceUntilClosed}, closed by the run), a signal quits at
   * once: loading data, building the graph and restoring take long and have nothing to save.
   */
  public static StopSignal install() {
    StopSignal stop = installPolled();
    earlyQuit = () -> {};
    return stop;
  }

  private static StopSignal installPolled() {
    StopSignal stop = new StopSignal();
    for (String name : List.of("INT", "TERM")) {
      Signal signal = new Signal(name);
      stop.signals.add(signal);
      stop.previous.add(Signal.handle(signal, stop::onSignal));
    }
    return stop;
  }

  /**
   * Installs the handlers with {@code notice} as what the first signal prints after "SIGTERM: ".
   */
  public static StopSignal install(String notice) {
    StopSignal stop = installPolled();
    stop.notice = notice;
    return stop;
  }

  /** What a signal runs before it quits at once, while an {@link EarlyQuit} is open; else null. */
  private static volatile Runnable earlyQuit;

  /** Open from {@link #quitAtOnceUntilClosed} until closed; closing twice is harmless. */
  public static final class EarlyQuit implements AutoCloseable {
    private final Runnable cleanup;

    private EarlyQuit(Runnable cleanup) {
      this.cleanup = cleanup;
    }

    @Override
    public void close() {
      if (earlyQuit == cleanup) {
        earlyQuit = null;
      }
    }
  }

  /**
   * Until the result is closed, a signal runs {@code cleanup} and exits with 130 at once, instead
   * of asking the loop to stop: for the work before a run's first step (building the graph,
   * restoring a checkpoint), which cannot be stopped half-way and has nothing to save.
   */
  public static EarlyQuit quitAtOnceUntilClosed(Runnable cleanup) {
    Runnable wrapped = cleanup::run;
    earlyQuit = wrapped;
    return new EarlyQuit(wrapped);
  }

  private void onSignal(Signal signal) {
    Runnable early = earlyQuit;
    if (early != null) {
      System.err.println("\nSIG" + signal.getName() + ": quitting (no step was trained yet)");
      StagingFolders.removeAllLive();
      early.run();
      Runtime.getRuntime().halt(EXIT_CODE);
    }
    if (requested) {
      // Quitting at once skips every finally block: remove the half-written staging folders
      // first (the next start sweeps what a file being written kept here).
      StagingFolders.removeAllLive();
      Runtime.getRuntime().halt(EXIT_CODE);
    }
    requested = true;
    System.err.println("\nSIG" + signal.getName() + ": " + notice);
  }

  @Override
  public boolean getAsBoolean() {
    return requested;
  }

  @Override
  public void close() {
    earlyQuit = null;
    for (int i = 0; i < signals.size(); i++) {
      Signal.handle(signals.get(i), previous.get(i));
    }
  }
}
