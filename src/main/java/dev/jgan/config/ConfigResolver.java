package dev.jgan.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jgan.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Builds the effective {@link TrainConfig} from layers, later ones winning: the defaults, the
 * chosen model's defaults, then a preset or config file (JSON or .properties), then command-line
 * flags. Every value is read and checked by its entry in the settings table ({@link Settings}) as
 * it comes in, so a message names the key, where it came from and what was expected; an unknown key
 * is an error rather than a setting silently ignored.
 */
public final class ConfigResolver {
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** The longest piece of a bad value a message quotes. */
  private static final int QUOTED = 60;

  /** The values that some layer set, by key. */
  private final Map<String, Object> explicit = new HashMap<>();

  /** Overlays a config file: {@code .properties}, or JSON for any other name. */
  public ConfigResolver file(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(
          "config file " + file + " does not exist; pass an existing JSON or .properties file");
    }
    try {
      if (file.getFileName().toString().endsWith(".properties")) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          Properties properties = new Properties();
          properties.load(reader);
          return overlay(properties, file.toString());
        }
      }
      return overlay(JSON.readTree(file.toFile()), file.toString());
    } catch (JsonProcessingException e) {
      throw new BadInputException(
          "config file "
              + file
              + " is not valid JSON: "
              + e.getOriginalMessage().replaceAll("\\s+", " "));
    } catch (IOException e) {
      throw new BadInputException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Overlays a preset shipped in the jar (from models/presets/NAME.json). */
  public ConfigResolver preset(String name) {
    String resource = "/presets/" + name + ".json";
    try (InputStream in = ConfigResolver.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new BadInputException(
            "unknown preset '" + name + "'; available: " + String.join(", ", Presets.names()));
      }
      return overlay(JSON.readTree(in), "preset " + name);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read bundled preset " + resource, e);
    }
  }

  /**
   * Overlays values given in code or by flags, by config key; a null value means "not given".
   * Numbers widen to the setting's type and text is parsed as a flag's would be.
   */
  public ConfigResolver flags(Map<String, ?> values) {
    values.forEach(
        (key, value) -> {
          if (value != null) {
            Setting<?> setting = known(key, "command line");
            try {
              explicit.put(key, setting.fromCode(value));
            } catch (IllegalArgumentException e) {
              throw TrainConfig.bad(key, value, e.getMessage());
            }
          }
        });
    return this;
  }

  /**
   * Gives the settings of {@code values} (by key) that no layer so far set these values instead of
   * their defaults: what a config.json written before a setting existed meant by its absence.
   */
  public ConfigResolver unsetAs(Map<String, ?> values) {
    Map<String, Object> unset = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          if (!explicit.containsKey(key)) {
            unset.put(key, value);
          }
        });
    return flags(unset);
  }

  /**
   * The effective config: the model's own defaults fill the keys that no layer set, then the
   * settings are checked together ({@link TrainConfig#validate()}).
   */
  public TrainConfig resolve() {
    Scope.Run run =
        new Scope.Run(
            value(ModelSettings.MODEL),
            value(ModelSettings.CONDITIONAL),
            value(ModelSettings.DATASET));
    Map<String, Object> values = new LinkedHashMap<>();
    Settings.byKey()
        .forEach(
            (key, setting) ->
                values.put(
                    key,
                    explicit.containsKey(key) ? explicit.get(key) : setting.defaultValue(run)));
    return Settings.config(values).validate();
  }

  /** A layer's value of {@code setting}, else its plain default. */
  @SuppressWarnings("unchecked")
  private <T> T value(Setting<T> setting) {
    return explicit.containsKey(setting.key())
        ? (T) explicit.get(setting.key())
        : setting.defaultValue();
  }

  private ConfigResolver overlay(JsonNode layer, String source) {
    if (!layer.isObject()) {
      throw new BadInputException(source + ": expected a JSON object of settings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = layer.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Setting<?> setting = known(field.getKey(), source);
      try {
        explicit.put(field.getKey(), setting.fromJson(field.getValue()));
      } catch (IllegalArgumentException e) {
        throw badValue(field.getKey(), source, field.getValue().toString(), e);
      }
    }
    return this;
  }

  /** Properties hold text; lists are comma-separated ("g_hidden=256,512,1024"). */
  private ConfigResolver overlay(Properties properties, String source) {
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      Setting<?> setting = known(key, source);
      String text = properties.getProperty(key).strip();
      try {
        explicit.put(key, setting.fromText(text));
      } catch (IllegalArgumentException e) {
        throw badValue(key, source, text, e);
      }
    }
    return this;
  }

  private static BadInputException badValue(
      String key, String source, String value, IllegalArgumentException e) {
    String quoted = value.length() > QUOTED ? value.substring(0, QUOTED) + "..." : value;
    return new BadInputException(
        "bad " + key + " in " + source + ": " + quoted + "; " + e.getMessage());
  }

  private static Setting<?> known(String key, String source) {
    return Settings.find(key)
        .orElseThrow(
            () ->
                new BadInputException(
                    source
                        + ": unknown key '"
                        + key
                        + "'; known keys: "
                        + String.join(", ", new TreeSet<>(Settings.byKey().keySet()))));
  }
}
