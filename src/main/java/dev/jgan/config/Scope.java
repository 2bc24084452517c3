package dev.jgan.config;

import java.util.Set;
import java.util.function.Predicate;

/**
 * Where a per-model (or per-data-set) default applies, with the words help uses for it ("128 for an
 * unconditional dcgan"). A default applies wherever no preset, file or flag set the key.
 *
 * @param label how help names the runs it covers
 * @param applies whether a run of this model, conditioning and data set is covered
 */
public record Scope(String label, Predicate<Run> applies) {
  /** The 28x28 grey data sets built in (IDX files), where dcgan-bn has its own recipe. */
  private static final Set<String> DIGIT_SETS = Set.of("mnist", "fashion-mnist");

  public static final Scope DCGAN = new Scope("dcgan", run -> run.model() == ModelKind.DCGAN);

  public static final Scope CONDITIONAL_DCGAN =
      new Scope("a conditional dcgan", run -> run.model() == ModelKind.DCGAN && run.conditional());

  public static final Scope UNCONDITIONAL_DCGAN =
      new Scope(
          "an unconditional dcgan", run -> run.model() == ModelKind.DCGAN && !run.conditional());

  public static final Scope DCGAN_BN =
      new Scope("dcgan-bn", run -> run.model() == ModelKind.DCGAN_BN);

  public static final Scope DIGITS_DCGAN_BN =
      new Scope(
          "dcgan-bn on mnist and fashion-mnist",
          run -> run.model() == ModelKind.DCGAN_BN && DIGIT_SETS.contains(run.dataset()));

  /** dcgan-bn on a user's image folder, where it has a CPU recipe of its own. */
  public static final Scope FOLDER_DCGAN_BN =
      new Scope(
          "dcgan-bn on a folder",
          run -> run.model() == ModelKind.DCGAN_BN && run.dataset().equals("folder"));

  /** What the defaults depend on: the run's model, whether it is conditional, its data set. */
  public record Run(ModelKind model, boolean conditional, String dataset) {}
}
