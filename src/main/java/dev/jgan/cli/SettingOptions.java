package dev.jgan.cli;

import dev.jgan.config.Setting;
import dev.jgan.config.SettingType;
import dev.jgan.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code train} flags of the settings table: one option per setting with a flag, its help text
 * and defaults from the table, its value read and checked by the table's entry as picocli parses it
 * (so {@code --lr -1} is refused naming {@code --lr}). They come first in help, before the
 * command's own options (run folder, devices, cluster).
 */
public final class SettingOptions implements CommandLine.IModelTransformer {
  @Override
  public CommandSpec transform(CommandSpec spec) {
    List<OptionSpec> own = new ArrayList<>(spec.options());
    own.forEach(spec::remove);
    for (Setting<?> setting : Settings.all()) {
      if (setting.hasFlag()) {
        spec.addOption(option(setting));
      }
    }
    own.forEach(spec::addOption);
    return spec;
  }

  private static OptionSpec option(Setting<?> setting) {
    OptionSpec.Builder option =
        OptionSpec.builder(setting.flag())
            // picocli formats descriptions: a literal % must be doubled.
            .description(setting.helpText().replace("%", "%%"))
            .paramLabel(setting.paramLabel().orElse("<" + camelCase(setting.key()) + ">"));
    if (setting.type() == SettingType.BOOLEAN) {
      return option.type(Boolean.class).arity("0").build();
    }
    return option
        .type(Object.class)
        .converters(
            text -> {
              try {
                return setting.fromFlag(text);
              } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
              }
            })
        .build();
  }

  /**
   * The settings given as flags on this command line with their values, in the table's order;
   * shorthand flags ({@code --lr}) as typed, not yet spread over their targets.
   */
  static Map<Setting<?>, Object> given(CommandSpec spec) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    Map<Setting<?>, Object> given = new LinkedHashMap<>();
    for (Setting<?> setting : Settings.all()) {
      OptionSpec option = setting.hasFlag() ? spec.findOption(setting.flag()) : null;
      if (option != null && parsed.hasMatchedOption(option)) {
        given.put(setting, option.getValue());
      }
    }
    return given;
  }

  /** The given flags by config key, a shorthand's value under each target it did not override. */
  static Map<String, Object> byKey(Map<Setting<?>, Object> given) {
    Map<String, Object> values = new LinkedHashMap<>();
    given.forEach(
        (setting, value) -> {
          if (setting.shorthandFor().isEmpty()) {
            values.put(setting.key(), value);
          }
        });
    given.forEach(
        (setting, value) ->
            setting.shorthandFor().forEach(target -> values.putIfAbsent(target.key(), value)));
    return values;
  }

  private static String camelCase(String key) {
    StringBuilder name = new StringBuilder();
    boolean upper = false;
    for (char c : key.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }
}
