package dev.jgan.config;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The table of training settings ({@link ModelSettings} and {@link RunSettings}), and the link from
 * its keys to {@link TrainConfig}'s components: component {@code batchSize} is key {@code
 * batch_size}. A test holds the two to each other, so a setting is one table entry plus the
 * record's accessor that code reads.
 */
public final class Settings {
  private static final List<Setting<?>> ALL =
      Stream.concat(ModelSettings.all().stream(), RunSettings.all().stream()).toList();

  private static final Map<String, Setting<?>> SAVED = saved();

  private Settings() {}

  /** Every setting, in the order help lists them (shorthand flags included). */
  public static List<Setting<?>> all() {
    return ALL;
  }

  /** The settings config.json holds, by key, in the table's order. */
  public static Map<String, Setting<?>> byKey() {
    return SAVED;
  }

  /** The saved setting of {@code key}. */
  public static Optional<Setting<?>> find(String key) {
    return Optional.ofNullable(SAVED.get(key));
  }

  /** Every setting at its default for the default model and data set. */
  public static TrainConfig defaults() {
    Map<String, Object> values = new LinkedHashMap<>();
    SAVED.forEach((key, setting) -> values.put(key, setting.defaultValue()));
    return config(values);
  }

  /** The config of these values, one per saved key; not validated. */
  static TrainConfig config(Map<String, Object> values) {
    RecordComponent[] components = TrainConfig.class.getRecordComponents();
    Object[] arguments = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      String key = keyOf(components[i].getName());
      if (!values.containsKey(key)) {
        throw new IllegalStateException("no value for setting " + key);
      }
      arguments[i] = values.get(key);
    }
    try {
      return TrainConfig.class.getDeclaredConstructor(types).newInstance(arguments);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build the config from " + values.keySet(), e);
    }
  }

  /** The values of {@code config}, by key. */
  static Map<String, Object> values(TrainConfig config) {
    Map<String, Object> values = new LinkedHashMap<>();
    try {
      for (RecordComponent component : TrainConfig.class.getRecordComponents()) {
        values.put(keyOf(component.getName()), component.getAccessor().invoke(config));
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the config", e);
    }
    return values;
  }

  /** The config key of a record component: batchSize is batch_size, beta1 is beta1. */
  static String keyOf(String component) {
    return component.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
  }

  private static Map<String, Setting<?>> saved() {
    Map<String, Setting<?>> saved = new LinkedHashMap<>();
    ALL.stream()
        .filter(setting -> setting.shorthandFor().isEmpty())
        .forEach(setting -> saved.put(setting.key(), setting));
    return java.util.Collections.unmodifiableMap(saved);
  }
}
