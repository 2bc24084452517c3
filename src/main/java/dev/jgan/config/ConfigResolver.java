package dev.jgan.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the effective {@link TrainConfig} from layers, later ones winning: the defaults, the
 * chosen model's defaults, then a preset or config file (JSON or .properties), then command-line
 * flags. Keys are checked against the defaults, so a typo is an error naming the key rather than a
 * setting silently ignored.
 */
public final class ConfigResolver {
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final ObjectNode merged = JSON.valueToTree(Defaults.config());
  private final Set<String> explicit = new HashSet<>();

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
          return overlay(fromProperties(properties, file.toString()), file.toString());
        }
      }
      return overlay(JSON.readTree(file.toFile()), file.toString());
    } catch (JsonProcessingException e) {
      throw new BadInputException(
          "config file " + file + " is not valid JSON: " + e.getOriginalMessage());
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

  /** Overlays command-line values; a null value means "flag not given". */
  public ConfigResolver flags(Map<String, Object> values) {
    ObjectNode layer = JSON.createObjectNode();
    values.forEach(
        (key, value) -> {
          if (value != null) {
            layer.set(key, JSON.valueToTree(value));
          }
        });
    return overlay(layer, "command line");
  }

  /**
   * The effective config: the model's own defaults ({@link ModelDefaults}) fill the keys that no
   * layer set, then every value is validated.
   */
  public TrainConfig resolve() {
    ModelDefaults.of(
            merged.path("model").asText(),
            merged.path("conditional").asBoolean(),
            merged.path("dataset").asText())
        .forEach(
            (key, value) -> {
              if (!explicit.contains(key)) {
                merged.set(key, JSON.valueToTree(value));
              }
            });
    try {
      return JSON.treeToValue(merged, TrainConfig.class).validate();
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof BadInputException bad) {
        throw bad; // a misspelt choice (Choice.parse), named with its key and the choices
      }
      throw new BadInputException("bad setting: " + e.getOriginalMessage());
    }
  }

  private ConfigResolver overlay(JsonNode layer, String source) {
    if (!layer.isObject()) {
      throw new BadInputException(source + ": expected a JSON object of settings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = layer.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!merged.has(field.getKey())) {
        throw new BadInputException(
            source
                + ": unknown key '"
                + field.getKey()
                + "'; known keys: "
                + String.join(", ", knownKeys()));
      }
      merged.set(field.getKey(), field.getValue());
      explicit.add(field.getKey());
    }
    return this;
  }

  /** Properties hold strings; lists are comma-separated ("g_hidden=256,512,1024"). */
  private ObjectNode fromProperties(Properties properties, String source) {
    ObjectNode layer = JSON.createObjectNode();
    for (String key : properties.stringPropertyNames()) {
      String value = properties.getProperty(key).trim();
      JsonNode current = merged.get(key);
      if (current != null && current.isArray()) {
        ArrayNode array = layer.putArray(key);
        for (String part : value.split(",")) {
          array.add(part.trim());
        }
      } else {
        layer.put(key, value);
      }
    }
    return layer;
  }

  private TreeSet<String> knownKeys() {
    TreeSet<String> keys = new TreeSet<>();
    merged.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
