package dev.jgan.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting of a training run, declared once in the table ({@link Settings}): its config key,
 * type, default, per-model defaults, check and help text. The {@code train} flags, config.json,
 * {@code --config} files, presets, validation and {@code --help} are all derived from it.
 *
 * <p>A setting is configured by chained calls while the table is built, then only read.
 *
 * @param <T> the type of its value
 */
public final class Setting<T> {
  private final String key;
  private final SettingType<T> type;
  private final T defaultValue;
  private final List<Override<T>> overrides = new ArrayList<>();
  private Function<T, String> problem = value -> null;
  private String help = "";
  private String paramLabel;
  private boolean flag = true;
  private boolean nullable;
  private boolean showDefault = true;
  private List<Setting<T>> shorthandFor = List.of();

  private Setting(String key, SettingType<T> type, T defaultValue) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.nullable = defaultValue == null;
  }

  public static <T> Setting<T> of(String key, SettingType<T> type, T defaultValue) {
    return new Setting<>(key, type, defaultValue);
  }

  /** This setting's default where {@code scope} applies (the first matching override wins). */
  Setting<T> defaultFor(Scope scope, T value) {
    overrides.add(new Override<>(scope, value));
    return this;
  }

  /** The rule every value must follow, and the fix a message gives when one does not. */
  Setting<T> check(Predicate<T> rule, String fix) {
    return check(value -> rule.test(value) ? null : fix);
  }

  /** The check as a function: the fix for a bad value, null for a good one. */
  Setting<T> check(Function<T, String> check) {
    this.problem = check;
    return this;
  }

  Setting<T> help(String text) {
    this.help = text;
    return this;
  }

  Setting<T> paramLabel(String label) {
    this.paramLabel = label;
    return this;
  }

  /** Set by files and code only (config.json keeps it), not by a flag. */
  Setting<T> noFlag() {
    this.flag = false;
    return this;
  }

  /** A flag that sets {@code targets} at once; config.json keeps them, not this. */
  Setting<T> shorthandFor(List<Setting<T>> targets) {
    this.shorthandFor = List.copyOf(targets);
    return this;
  }

  /** The settings this flag sets, or empty when it is a setting of its own. */
  public List<Setting<T>> shorthandFor() {
    return shorthandFor;
  }

  /** Help shows no "(default: ...)": the text says it, or there is none to show. */
  Setting<T> hideDefault() {
    this.showDefault = false;
    return this;
  }

  public String key() {
    return key;
  }

  public SettingType<T> type() {
    return type;
  }

  /** The default wherever no model or data set default applies. */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default for this run's model and data set. */
  public T defaultValue(Scope.Run run) {
    for (Override<T> override : overrides) {
      if (override.scope().applies().test(run)) {
        return override.value();
      }
    }
    return defaultValue;
  }

  /** Whether any model or data set has a default of its own. */
  boolean dependsOnModel() {
    return !overrides.isEmpty();
  }

  /** {@code --batch-size} for {@code batch_size}. */
  public String flag() {
    return TrainConfig.flagOf(key);
  }

  /** Whether {@code train} has a flag for it. */
  public boolean hasFlag() {
    return flag;
  }

  public Optional<String> paramLabel() {
    return Optional.ofNullable(paramLabel);
  }

  /** The help text with the defaults, per model where they differ. */
  public String helpText() {
    if (!showDefault || (defaultValue == null) || Boolean.FALSE.equals(defaultValue)) {
      return help;
    }
    StringBuilder text = new StringBuilder(help).append(" (default: ").append(format(defaultValue));
    String sep = "; ";
    for (Override<T> override : overrides) {
      text.append(sep)
          .append(format(override.value()))
          .append(" for ")
          .append(override.scope().label());
      sep = ", ";
    }
    return text.append(')').toString();
  }

  /** Prints a value of this setting as help and messages do. */
  public String format(T value) {
    return value == null ? "none" : type.format(value);
  }

  /** The value a flag or a .properties line spells, checked. */
  public T fromText(String text) {
    return checked(type.parse(text));
  }

  /** The value a {@code train} flag spells, checked. */
  public T fromFlag(String text) {
    return checked(type.fromFlag(text));
  }

  /** The value of a JSON node (config.json, --config, a preset), checked. */
  T fromJson(JsonNode node) {
    if (node.isNull()) {
      return orNull();
    }
    return checked(present(type.fromJson(node)));
  }

  /** A value given in code (null: none), checked. */
  T fromCode(Object value) {
    if (value == null) {
      return orNull();
    }
    return checked(present(type.fromCode(value)));
  }

  private T orNull() {
    if (!nullable) {
      throw new IllegalArgumentException("expected " + type.expected() + ", not null");
    }
    return null;
  }

  private T present(T value) {
    if (value == null) {
      throw type.mismatch();
    }
    return value;
  }

  /** {@code value} if it follows the rule, else an exception with the fix. */
  T checked(T value) {
    String fix = value == null ? null : problem.apply(value);
    if (fix != null) {
      throw new IllegalArgumentException(fix);
    }
    return value;
  }

  /** A default of one scope. */
  private record Override<T>(Scope scope, T value) {}
}
