package dev.jgan.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A setting with a fixed set of values, each spelled in lowercase as in config.json, properties
 * files and flags ("dcgan-bn", "normal"). One parser for all of them, so that every bad value is
 * reported the same way: the key, its flag, the value and the choices.
 */
public interface Choice {
  /** The enum constant's name. */
  String name();

  /** How config.json, properties and flags spell this value: DCGAN_BN is "dcgan-bn". */
  default String spelling() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The value of {@code type} spelled {@code value}.
   *
   * @throws dev.jgan.BadInputException naming {@code key} and the choices
   */
  static <E extends Enum<E> & Choice> E parse(Class<E> type, String key, String value) {
    for (E choice : type.getEnumConstants()) {
      if (choice.spelling().equals(value)) {
        return choice;
      }
    }
    throw TrainConfig.bad(key, value, "choose one of " + spellings(type));
  }

  /** The spellings of {@code type}, sorted and comma-separated. */
  static <E extends Enum<E> & Choice> String spellings(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(Choice::spelling)
        .sorted()
        .collect(Collectors.joining(", "));
  }
}
