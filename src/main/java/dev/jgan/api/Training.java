package dev.jgan.api;

import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TimeBudgets;
import dev.jgan.config.TrainConfig;
import dev.jgan.train.StepMetrics;
import dev.jgan.train.TrainRun;
import dev.jgan.train.loop.RunBegin;
import dev.jgan.train.loop.RunControl;
import dev.jgan.train.loop.RunEnd;
import dev.jgan.train.loop.TrainingListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A training run configured in code with the settings of {@code gan train} (the same table, keys,
 * defaults and checks: {@code config.ModelSettings} and {@code config.RunSettings}), run on the
 * caller's thread, heard through {@link TrainingListener}s, stopped from any thread and resumed.
 *
 * <pre>{@code
 * Training.newRun(Path.of("runs/tiny")).preset("tiny").set("max_steps", 50)
 *     .onStep(s -> System.out.println("step " + s.step() + "/" + s.totalSteps()))
 *     .run();
 * }</pre>
 *
 * <p>The run uses the process's session options (devices, thread pools); {@code gan train} sets
 * them from its flags before it calls this class.
 */
public final class Training {
  /** The settings a resumed run may change: its length and this session's budget. */
  private static final Set<String> RESUMABLE = Set.of("epochs", "max_steps", "time_budget");

  private Path folder;
  private final boolean resume;
  private final Map<String, Object> settings = new LinkedHashMap<>();
  private final List<TrainingListener> listeners = new ArrayList<>();
  private String preset;
  private Path configFile;
  private PrintStream progress = new PrintStream(OutputStream.nullOutputStream());
  private boolean tty;
  private BooleanSupplier stopWhen = () -> false;
  private volatile boolean stopped;
  private volatile RunControl control; // the running run's, once it has begun

  private Training(Path folder, boolean resume) {
    this.folder = folder;
    this.resume = resume;
  }

  /**
   * A new run that will write the run folder {@code out} (it must be new or empty; null: set later
   * with {@link #out}).
   */
  public static Training newRun(Path out) {
    return new Training(out, false);
  }

  /** Continues {@code runDir} from its newest checkpoint with its saved settings. */
  public static Training resume(Path runDir) {
    return new Training(runDir, true);
  }

  /** The run folder of a new run, when it was not known at {@link #newRun} (the CLI's default). */
  public Training out(Path runFolder) {
    requireNew("out");
    this.folder = runFolder;
    return this;
  }

  /** Starts from a bundled preset (models/presets); settings given with {@link #set} win. */
  public Training preset(String name) {
    requireNew("a preset");
    this.preset = name;
    return this;
  }

  /** Starts from a settings file (JSON or .properties), as {@code --config}. */
  public Training configFile(Path file) {
    requireNew("a config file");
    this.configFile = file;
    return this;
  }

  /**
   * Sets one setting by its config key ({@code "batch_size"}, {@code "g_lr"}; see config.json);
   * numbers widen to the setting's type and text is read as the flag would read it. A resumed run
   * takes only {@code epochs}, {@code max_steps} and {@code time_budget}.
   *
   * @throws dev.jgan.BadInputException for an unknown key or a bad value, naming it
   */
  public Training set(String key, Object value) {
    if (resume && !RESUMABLE.contains(key)) {
      throw new dev.jgan.BadInputException(
          TrainConfig.flagOf(key)
              + " cannot be combined with --resume: a resumed run keeps the settings in its"
              + " config.json (only --epochs, --max-steps and --time-budget may change); start a"
              + " new run to change it");
    }
    new ConfigResolver().flags(Map.of(key, value)); // checks the key and the value now
    settings.put(key, value);
    return this;
  }

  /** Hears every event of the run, after the run's own listeners, on the training thread. */
  public Training listener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  /** Hears each step's metrics (a listener of {@link TrainingListener#onStep} only). */
  public Training onStep(Consumer<StepMetrics> each) {
    return listener(
        new TrainingListener() {
          @Override
          public void onStep(StepMetrics step) {
            each.accept(step);
          }
        });
  }

  /** Where the progress lines go (default: nowhere); {@code tty} redraws one line in place. */
  public Training progress(PrintStream stream, boolean terminal) {
    this.progress = stream;
    this.tty = terminal;
    return this;
  }

  /** Also stops when this becomes true (polled between steps), as a signal does for the CLI. */
  public Training stopWhen(BooleanSupplier condition) {
    this.stopWhen = condition;
    return this;
  }

  /**
   * Asks the run to stop after the step in progress (safe from any thread, or from a listener): it
   * checkpoints, hears its end, and {@link #run} returns an outcome that says it was stopped.
   */
  public void stop() {
    stopped = true;
    RunControl running = control;
    if (running != null) {
      running.requestStop("stopped by the caller");
    }
  }

  /**
   * The effective settings of a new run (defaults, preset or file, then {@link #set}), validated.
   */
  public TrainConfig config() {
    requireNew("config()");
    ConfigResolver resolver = new ConfigResolver();
    if (preset != null) {
      resolver.preset(preset);
    }
    if (configFile != null) {
      resolver.file(configFile);
    }
    Map<String, Object> given = new LinkedHashMap<>(settings);
    if (!given.containsKey("epochs") && given.get("time_budget") != null) {
      given.put("epochs", TimeBudgets.UNTIL_BUDGET_EPOCHS); // the budget alone ends the run
    }
    return resolver.flags(given).resolve();
  }

  /** Trains on the calling thread until the run ends, is stopped or collapses. */
  public TrainRun.Outcome run() throws IOException {
    List<TrainingListener> all = new ArrayList<>();
    all.add(new ControlHolder());
    all.addAll(listeners);
    TrainRun.Console console = new TrainRun.Console(progress, tty, stopWhen, all);
    if (folder == null) {
      throw new IllegalStateException("no run folder: pass one to newRun or out");
    }
    if (!resume) {
      return TrainRun.execute(config(), folder, console);
    }
    String budget = (String) settings.get("time_budget");
    Integer epochs = settings.containsKey("epochs") ? toInt(settings.get("epochs")) : null;
    if (epochs == null && budget != null) {
      epochs = TimeBudgets.UNTIL_BUDGET_EPOCHS;
    }
    Long maxSteps =
        settings.containsKey("max_steps") ? ((Number) settings.get("max_steps")).longValue() : null;
    return TrainRun.resume(folder, epochs, maxSteps, budget, console);
  }

  /** Keeps the run's control for {@link #stop}, and passes on a stop asked before the begin. */
  private final class ControlHolder implements TrainingListener {
    @Override
    public void onBegin(RunBegin begin, RunControl runControl) {
      control = runControl;
      if (stopped) {
        runControl.requestStop("stopped by the caller");
      }
    }

    @Override
    public void onEnd(RunEnd end) {
      control = null;
    }
  }

  private static Integer toInt(Object value) {
    return value instanceof Number n ? n.intValue() : Integer.valueOf(value.toString());
  }

  private void requireNew(String what) {
    if (resume) {
      throw new IllegalStateException(what + " is for a new run; a resumed run keeps its settings");
    }
  }
}
