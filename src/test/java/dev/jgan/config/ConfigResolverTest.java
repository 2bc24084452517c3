package dev.jgan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {
  @Test
  void flagsOverrideFileWhichOverridesDefaults(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"batch_size\": 32, \"epochs\": 7}");
    TrainConfig c = new ConfigResolver().file(file).flags(Map.of("epochs", 3)).resolve();
    assertEquals(32, c.batchSize());
    assertEquals(3, c.epochs());
    assertEquals(Defaults.LEARNING_RATE, c.gLr());
  }

  @Test
  void propertiesFilesWithLists(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.properties");
    Files.writeString(file, "g_hidden=256, 512,1024\nseed=7\n");
    TrainConfig c = new ConfigResolver().file(file).resolve();
    assertEquals(List.of(256, 512, 1024), c.gHidden());
    assertEquals(7, c.seed());
  }

  @Test
  void unknownKeyIsRejectedWithItsName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"batchsize\": 32}");
    BadInputException e =
        assertThrows(BadInputException.class, () -> new ConfigResolver().file(file));
    assertTrue(e.getMessage().contains("unknown key 'batchsize'"), e.getMessage());
    assertTrue(e.getMessage().contains("batch_size"), "lists the known keys: " + e.getMessage());
  }

  @Test
  void badValuesNameTheSettingAndItsFlag() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> new ConfigResolver().flags(Map.of("batch_size", 0)).resolve());
    assertTrue(e.getMessage().contains("batch_size (--batch-size): 0"), e.getMessage());
    assertThrows(
        BadInputException.class, () -> new ConfigResolver().flags(Map.of("g_lr", -1e-3)).resolve());
    assertThrows(
        BadInputException.class, () -> new ConfigResolver().flags(Map.of("epochs", 0)).resolve());
    BadInputException model =
        assertThrows(
            BadInputException.class,
            () -> new ConfigResolver().flags(Map.of("model", "resnet")).resolve());
    assertTrue(model.getMessage().contains("resnet"), model.getMessage());
  }

  @Test
  void writtenConfigReadsBackToTheSameConfig(@TempDir Path dir) throws IOException {
    TrainConfig original =
        new ConfigResolver().preset("mlp-pytorch").flags(Map.of("seed", 5L)).resolve();
    Path file = dir.resolve("config.json");
    ConfigResolver.JSON.writeValue(file.toFile(), original);
    assertEquals(original, new ConfigResolver().file(file).resolve());
  }

  @Test
  void everyPresetFileIsListedAndValid() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("models/presets"))) {
      List<String> onDisk =
          files.map(p -> p.getFileName().toString().replace(".json", "")).sorted().toList();
      assertEquals(onDisk, Presets.names().stream().sorted().toList());
    }
    for (String name : Presets.names()) {
      new ConfigResolver().preset(name).resolve();
    }
  }

  @Test
  void unknownPresetListsTheAvailableOnes() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> new ConfigResolver().preset("huge"));
    assertTrue(e.getMessage().contains("mlp-tutorial"), e.getMessage());
  }
}
