package dev.jgan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import dev.jgan.model.ImageShape;
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
    assertEquals(2e-4, c.gLr());
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
  void aHugeBadListIsShownCutShortOnOneLine() {
    List<Integer> widths = new java.util.ArrayList<>(java.util.Collections.nCopies(100_000, 128));
    widths.set(99_999, 0);
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> new ConfigResolver().flags(Map.of("g_hidden", widths)).resolve());
    assertTrue(e.getMessage().startsWith("bad g_hidden (--g-hidden): 128,128,"), e.getMessage());
    assertTrue(e.getMessage().contains("... (399997 characters)"), e.getMessage());
    assertTrue(e.getMessage().length() < 300, "a message of " + e.getMessage().length());
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
  void evalAndCollapseKeys() {
    TrainConfig defaults = new ConfigResolver().resolve();
    assertEquals(0, defaults.evalEvery());
    assertEquals(1000, defaults.evalCount());
    assertEquals(false, defaults.stopOnCollapse());
    TrainConfig set =
        new ConfigResolver()
            .flags(Map.of("eval_every", 2, "eval_count", 500, "stop_on_collapse", true))
            .resolve();
    assertEquals(2, set.evalEvery());
    assertEquals(500, set.evalCount());
    assertTrue(set.stopOnCollapse());
    BadInputException negative =
        assertThrows(
            BadInputException.class,
            () -> new ConfigResolver().flags(Map.of("eval_every", -1)).resolve());
    assertTrue(negative.getMessage().contains("eval_every (--eval-every): -1"));
    BadInputException few =
        assertThrows(
            BadInputException.class,
            () -> new ConfigResolver().flags(Map.of("eval_count", 5)).resolve());
    assertTrue(few.getMessage().contains("eval_count (--eval-count): 5"), few.getMessage());
    assertThrows(
        BadInputException.class,
        () -> new ConfigResolver().flags(Map.of("eval_count", 10_001)).resolve());
    // A folder run without evaluation is fine; with it, refused by name.
    new ConfigResolver().flags(Map.of("dataset", "folder", "data", "/tmp/x")).resolve();
    BadInputException folder =
        assertThrows(
            BadInputException.class,
            () ->
                new ConfigResolver()
                    .flags(Map.of("dataset", "folder", "data", "/tmp/x", "eval_every", 1))
                    .resolve());
    assertTrue(
        folder.getMessage().contains("eval_every") && folder.getMessage().contains("folder"),
        folder.getMessage());
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
      // A folder preset needs the folder, as on the command line.
      new ConfigResolver().preset(name).flags(Map.of("data", "/photos")).resolve();
    }
  }

  @Test
  void unknownPresetListsTheAvailableOnes() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> new ConfigResolver().preset("huge"));
    assertTrue(e.getMessage().contains("mlp-tutorial"), e.getMessage());
  }

  @Test
  void modelDefaultsApplyUnlessALayerSetsTheKey(@TempDir Path dir) throws IOException {
    TrainConfig dcgan = new ConfigResolver().flags(Map.of("model", "dcgan")).resolve();
    assertEquals(128, dcgan.batchSize(), "dcgan's CPU recipe");
    assertEquals(5e-4, dcgan.gLr(), "dcgan's CPU recipe");
    assertEquals(2e-4, dcgan.dLr(), "dcgan's CPU recipe: D slower than G");
    assertEquals(Update.ONE_PASS, dcgan.update(), "dcgan's CPU recipe");
    TrainConfig keras = new ConfigResolver().preset("dcgan-keras").resolve();
    assertEquals(256, keras.batchSize(), "the Keras tutorial's batch");
    assertEquals(2e-4, keras.gLr(), "the Keras tutorial's rate");
    assertEquals(Update.ALTERNATING, keras.update(), "the Keras tutorial's step");
    assertEquals(GOutput.SIGMOID, keras.gOutput(), "the preset keeps dcgan's other defaults");
    assertEquals(GOutput.SIGMOID, dcgan.gOutput(), "the recipe that trains");
    assertEquals(
        64,
        new ConfigResolver()
            .flags(Map.of("model", "dcgan", "conditional", true))
            .resolve()
            .batchSize(),
        "the conditional dcgan's batch");
    assertEquals(GOutput.TANH, new ConfigResolver().resolve().gOutput());
    assertEquals(
        GOutput.TANH,
        new ConfigResolver()
            .flags(Map.of("model", "dcgan", "g_output", "tanh"))
            .resolve()
            .gOutput(),
        "the seed recipe stays reachable");
    assertEquals(Noise.NORMAL, dcgan.noise());
    assertEquals(64, new ConfigResolver().resolve().batchSize());
    TrainConfig flagged =
        new ConfigResolver().flags(Map.of("model", "dcgan", "batch_size", 32)).resolve();
    assertEquals(32, flagged.batchSize(), "a flag beats the model's default");
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"model\": \"dcgan\", \"batch_size\": 64}");
    assertEquals(64, new ConfigResolver().file(file).resolve().batchSize(), "so does a file");
  }

  @Test
  void dcganBnHasItsOwnRecipesOnDigitSetsAndFolders() {
    for (String dataset : List.of("mnist", "fashion-mnist")) {
      TrainConfig digits =
          new ConfigResolver().flags(Map.of("model", "dcgan-bn", "dataset", dataset)).resolve();
      assertEquals(32, digits.baseWidth(), dataset);
      assertEquals(2e-3, digits.gLr(), dataset);
      assertEquals(2e-3, digits.dLr(), dataset);
      assertEquals(Update.ONE_PASS, digits.update(), dataset);
    }
    TrainConfig folder =
        new ConfigResolver()
            .flags(Map.of("model", "dcgan-bn", "dataset", "folder", "data", "/x"))
            .resolve();
    assertEquals(16, folder.baseWidth(), "folders: the CPU recipe");
    assertEquals(2e-3, folder.gLr());
    assertEquals(2e-3, folder.dLr());
    assertEquals(Update.ONE_PASS, folder.update());
    assertEquals(
        List.of(Augment.COLOR, Augment.TRANSLATION, Augment.CUTOUT),
        folder.augment(),
        "a folder is small: D sees augmented images");
    TrainConfig paper =
        new ConfigResolver().preset("dcgan-paper").flags(Map.of("data", "/x")).resolve();
    assertEquals(64, paper.baseWidth(), "the paper's recipe is a preset");
    assertEquals(64, paper.imageSize());
    assertEquals(2e-4, paper.gLr());
    assertEquals(2e-4, paper.dLr());
    assertEquals(Update.ALTERNATING, paper.update());
    assertEquals(List.of(), paper.augment(), "the paper trained on large sets, unaugmented");
    TrainConfig mlp = new ConfigResolver().flags(Map.of("dataset", "mnist")).resolve();
    assertEquals(2e-4, mlp.gLr(), "other models keep theirs");
    assertEquals(Update.ALTERNATING, mlp.update());
    TrainConfig asked =
        new ConfigResolver()
            .flags(Map.of("model", "dcgan-bn", "g_lr", 1e-4, "base_width", 16))
            .resolve();
    assertEquals(1e-4, asked.gLr(), "a flag wins");
    assertEquals(2e-3, asked.dLr(), "only the key it names");
    assertEquals(16, asked.baseWidth());
  }

  @Test
  void imageShapeFollowsModelAndData() {
    assertEquals(
        new ImageShape(28, 28, 1),
        new ConfigResolver().flags(Map.of("model", "dcgan")).resolve().imageShape());
    assertEquals(
        new ImageShape(32, 32, 1),
        new ConfigResolver().flags(Map.of("model", "dcgan-bn")).resolve().imageShape());
    assertEquals(
        new ImageShape(64, 64, 3),
        new ConfigResolver()
            .flags(Map.of("model", "dcgan-bn", "dataset", "folder", "data", "/x"))
            .resolve()
            .imageShape());
    assertEquals(
        new ImageShape(32, 32, 1),
        new ConfigResolver()
            .flags(
                Map.of(
                    "model",
                    "dcgan-bn",
                    "dataset",
                    "folder",
                    "data",
                    "/x",
                    "image_size",
                    32,
                    "channels",
                    1))
            .resolve()
            .imageShape());
  }

  @Test
  void impossibleImageSettingsNameTheFix() {
    assertBad(Map.of("model", "dcgan", "image_size", 64), "dcgan-bn");
    assertBad(
        Map.of("model", "dcgan-bn", "image_size", 48, "dataset", "folder", "data", "/x"),
        "32 or 64");
    assertBad(Map.of("model", "dcgan-bn", "image_size", 64), "padded to 32x32");
    assertBad(Map.of("model", "dcgan-bn", "channels", 3), "greyscale");
    assertBad(Map.of("channels", 2), "1 (grey), 3 (RGB)");
    assertBad(Map.of("dataset", "folder"), "--data PATH");
    assertBad(Map.of("d_dropout", 1.0), "d_dropout");
    assertBad(Map.of("g_output", "sigmoid"), "dcgan's");
    assertBad(Map.of("model", "dcgan", "g_output", "relu"), "g_output");
    assertBad(Map.of("update", "sideways"), "bad update (--update): sideways; choose one of");
    assertBad(
        Map.of("precision", "float16"), "bad precision (--precision): float16; choose one of");
  }

  @Test
  void conditionalIsOffByDefaultAndClassesNeedIt() {
    TrainConfig defaults = new ConfigResolver().resolve();
    assertFalse(defaults.conditional());
    assertEquals(0, defaults.classes());
    TrainConfig conditional =
        new ConfigResolver().flags(Map.of("model", "dcgan", "conditional", true)).resolve();
    assertTrue(conditional.conditional());
    assertEquals(0, conditional.classes(), "resolved from the data at train start");
    assertEquals(
        10,
        new ConfigResolver().flags(Map.of("conditional", true, "classes", 10)).resolve().classes());
    assertBad(Map.of("classes", 10), "--conditional runs only");
    assertBad(Map.of("conditional", true, "classes", 1), "bad classes (--classes): 1");
    assertBad(Map.of("conditional", true, "classes", -2), "2..256");
    assertBad(Map.of("conditional", true, "classes", 257), "2..256");
  }

  private static void assertBad(Map<String, Object> flags, String expected) {
    BadInputException e =
        assertThrows(BadInputException.class, () -> new ConfigResolver().flags(flags).resolve());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
