package dev.jgan.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The type of a setting: how a flag or a .properties value (text), a JSON value and a value given
 * in code become the setting's Java value, and how a value is printed in help and messages. Every
 * reader throws {@link IllegalArgumentException} whose message says what was expected, so that the
 * caller can name the key, the file or the flag (docs/DESIGN.md, "Settings").
 *
 * @param <T> the Java type of the setting's value
 */
public abstract class SettingType<T> {
  public static final SettingType<Integer> INTEGER =
      new Whole<>("an integer", Integer.MIN_VALUE, Integer.MAX_VALUE) {
        @Override
        Integer box(long value) {
          return (int) value;
        }
      };

  public static final SettingType<Long> LONG =
      new Whole<>("an integer", Long.MIN_VALUE, Long.MAX_VALUE) {
        @Override
        Long box(long value) {
          return value;
        }
      };

  public static final SettingType<Double> NUMBER =
      new SettingType<>("a number", Double.class) {
        @Override
        Double parse(String text) {
          try {
            return Double.valueOf(text.strip());
          } catch (NumberFormatException e) {
            throw mismatch();
          }
        }

        @Override
        Double fromJson(JsonNode node) {
          if (node.isNumber()) {
            return node.doubleValue();
          }
          return node.isTextual() ? parse(node.textValue()) : null;
        }

        @Override
        Double fromCode(Object value) {
          return value instanceof Number n ? n.doubleValue() : null;
        }

        @Override
        String format(Double value) {
          return formatNumber(value);
        }
      };

  public static final SettingType<Boolean> BOOLEAN =
      new SettingType<>("true or false", Boolean.class) {
        @Override
        Boolean parse(String text) {
          return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw mismatch();
          };
        }

        @Override
        Boolean fromJson(JsonNode node) {
          if (node.isBoolean()) {
            return node.booleanValue();
          }
          return node.isTextual() ? parse(node.textValue()) : null;
        }
      };

  /** Free text, or null (none). */
  public static final SettingType<String> TEXT = new Text("a text");

  /** A file or folder: a flag's path is made absolute, a file's is kept as written. */
  public static final SettingType<String> PATH =
      new Text("a path") {
        @Override
        String fromFlag(String text) {
          try {
            return java.nio.file.Path.of(text).toAbsolutePath().toString();
          } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("not a valid path (" + e.getReason() + ")");
          }
        }
      };

  /** Layer widths: "256,512,1024" in text, [256, 512, 1024] in JSON. */
  public static final SettingType<List<Integer>> WIDTHS =
      new SettingType<>("a list of integers, e.g. 128,128", List.class) {
        @Override
        List<Integer> parse(String text) {
          List<Integer> widths = new ArrayList<>();
          for (String part : text.split(",", -1)) {
            widths.add(element(() -> INTEGER.parse(part)));
          }
          return List.copyOf(widths);
        }

        @Override
        List<Integer> fromJson(JsonNode node) {
          if (node.isTextual()) {
            return parse(node.textValue());
          }
          if (!node.isArray()) {
            return null;
          }
          List<Integer> widths = new ArrayList<>();
          node.forEach(element -> widths.add(element(() -> INTEGER.fromJson(element))));
          return widths.contains(null) ? null : List.copyOf(widths);
        }

        @Override
        List<Integer> fromCode(Object value) {
          if (!(value instanceof List<?> list)) {
            return null;
          }
          List<Integer> widths = new ArrayList<>();
          list.forEach(element -> widths.add(element(() -> INTEGER.fromCode(element))));
          return widths.contains(null) ? null : List.copyOf(widths);
        }

        private Integer element(java.util.function.Supplier<Integer> read) {
          try {
            return read.get();
          } catch (IllegalArgumentException e) {
            throw mismatch();
          }
        }

        @Override
        String format(List<Integer> value) {
          return String.join(",", value.stream().map(String::valueOf).toList());
        }
      };

  private final String expected;
  private final Class<?> javaType;

  SettingType(String expected, Class<?> javaType) {
    this.expected = expected;
    this.javaType = javaType;
  }

  /** One of the spellings of a {@link Choice} enum ("dcgan-bn"). */
  public static <E extends Enum<E> & Choice> SettingType<E> choice(Class<E> type) {
    return new SettingType<>("one of " + Choice.spellings(type), type) {
      @Override
      E parse(String text) {
        for (E choice : type.getEnumConstants()) {
          if (choice.spelling().equals(text.strip())) {
            return choice;
          }
        }
        throw new IllegalArgumentException("choose " + expected());
      }

      @Override
      E fromJson(JsonNode node) {
        return node.isTextual() ? parse(node.textValue()) : null;
      }
    };
  }

  /**
   * A set of the spellings of a {@link Choice} enum: "b,a" in text (any order, each once) or {@code
   * none} for the empty set; in JSON the same text or an array of spellings. The value lists them
   * in the enum's declaration order, however they were written.
   */
  public static <E extends Enum<E> & Choice> SettingType<List<E>> choiceSet(
      Class<E> type, String none) {
    String choices = Choice.spellings(type);
    return new SettingType<>(
        none + " or one or more of " + choices + ", comma-separated", List.class) {
      @Override
      List<E> parse(String text) {
        String stripped = text.strip();
        return stripped.equals(none) ? List.of() : ofSpellings(List.of(stripped.split(",", -1)));
      }

      @Override
      List<E> fromJson(JsonNode node) {
        if (node.isTextual()) {
          return parse(node.textValue());
        }
        if (!node.isArray()) {
          return null;
        }
        List<String> spellings = new ArrayList<>();
        for (JsonNode element : node) {
          if (!element.isTextual()) {
            throw mismatch();
          }
          spellings.add(element.textValue());
        }
        return ofSpellings(spellings);
      }

      @Override
      List<E> fromCode(Object value) {
        if (value instanceof String text) {
          return parse(text);
        }
        if (!(value instanceof List<?> list)) {
          return null;
        }
        return ofSpellings(list.stream().map(String::valueOf).toList());
      }

      private List<E> ofSpellings(List<String> spellings) {
        java.util.EnumSet<E> set = java.util.EnumSet.noneOf(type);
        for (String spelling : spellings) {
          E choice = find(spelling.strip());
          if (!set.add(choice)) {
            throw new IllegalArgumentException(
                "'" + choice.spelling() + "' is named twice; name each one once");
          }
        }
        return List.copyOf(set);
      }

      private E find(String spelling) {
        if (spelling.equals(none)) {
          throw new IllegalArgumentException("'" + none + "' stands alone; drop it or the others");
        }
        for (E choice : type.getEnumConstants()) {
          if (choice.spelling().equals(spelling)) {
            return choice;
          }
        }
        throw new IllegalArgumentException(
            (spelling.isEmpty() ? "an empty name" : "'" + spelling + "'")
                + " is not one; choose "
                + expected());
      }

      @Override
      String format(List<E> value) {
        return value.isEmpty()
            ? none
            : String.join(",", value.stream().map(Choice::spelling).toList());
      }
    };
  }

  /** What a value of this type looks like, for messages: "an integer", "one of a, b". */
  public String expected() {
    return expected;
  }

  /** The value a flag or a .properties line spells. */
  abstract T parse(String text);

  /** The value a command-line flag spells (as {@link #parse} unless the type says otherwise). */
  T fromFlag(String text) {
    return parse(text);
  }

  /** The value of a JSON node, or null when the node has another JSON type. */
  abstract T fromJson(JsonNode node);

  /** A value given in code (a map of flags, a test): numbers widen, text is parsed. */
  @SuppressWarnings("unchecked")
  T fromCode(Object value) {
    if (value instanceof String text && !javaType.equals(String.class)) {
      return parse(text);
    }
    return javaType.isInstance(value) ? (T) value : null;
  }

  /** How help and messages print a value: integers without ".0", 2e-4 rather than 2.0E-4. */
  String format(T value) {
    return String.valueOf(value);
  }

  final IllegalArgumentException mismatch() {
    return new IllegalArgumentException("expected " + expected);
  }

  /** Prints a number as people write it: 10 (not 10.0), 0.9, 2e-4 (not 2.0E-4). */
  public static String formatNumber(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return String.valueOf(value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.valueOf((long) value);
    }
    String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    return Math.abs(value) >= 1e-3
        ? plain
        : String.valueOf(value).replace(".0E", "e").replace('E', 'e');
  }

  /** Text as written; JSON must hold a string. */
  private static class Text extends SettingType<String> {
    Text(String expected) {
      super(expected, String.class);
    }

    @Override
    String parse(String text) {
      return text;
    }

    @Override
    String fromJson(JsonNode node) {
      return node.isTextual() ? node.textValue() : null;
    }
  }

  /** Integers: "16.7" and 16.7 are refused, not truncated; 16.0 in JSON is 16. */
  private abstract static class Whole<T> extends SettingType<T> {
    private final long min;
    private final long max;

    Whole(String expected, long min, long max) {
      super(expected, Number.class);
      this.min = min;
      this.max = max;
    }

    abstract T box(long value);

    @Override
    T parse(String text) {
      try {
        return checked(Long.parseLong(text.strip()));
      } catch (NumberFormatException e) {
        throw mismatch();
      }
    }

    @Override
    T fromJson(JsonNode node) {
      if (node.isTextual()) {
        return parse(node.textValue());
      }
      if (!node.isNumber()) {
        return null;
      }
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return checked(node.longValue());
      }
      return whole(node.doubleValue());
    }

    @Override
    T fromCode(Object value) {
      if (value instanceof Integer || value instanceof Long) {
        return checked(((Number) value).longValue());
      }
      if (value instanceof Number number) {
        return whole(number.doubleValue());
      }
      return value instanceof String text ? parse(text) : null;
    }

    private T whole(double value) {
      if (value != Math.rint(value)) {
        throw new IllegalArgumentException("not an integer: a fraction is refused, not rounded");
      }
      if (Math.abs(value) > 9e15) {
        throw new IllegalArgumentException(
            "too large; expected an integer from " + min + " to " + max);
      }
      return checked((long) value);
    }

    private T checked(long value) {
      if (value < min || value > max) {
        throw new IllegalArgumentException("expected an integer from " + min + " to " + max);
      }
      return box(value);
    }
  }
}
