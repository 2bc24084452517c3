package dev.jgan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings table against TrainConfig, and what --config files get told about bad values. */
class SettingsTableTest {
  @Test
  void everyConfigComponentIsOneSavedSettingAndBack() {
    Set<String> components =
        Arrays.stream(TrainConfig.class.getRecordComponents())
            .map(RecordComponent::getName)
            .map(Settings::keyOf)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(components, new TreeSet<>(Settings.byKey().keySet()));
    List<String> keys = Settings.all().stream().map(Setting::key).toList();
    assertEquals(keys.size(), Set.copyOf(keys).size(), "a key is declared once: " + keys);
  }

  /** The config.json keys of runs made before the table (main at 65a078d), in their order. */
  @Test
  void configJsonKeepsItsKeysAndOrder(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    ConfigResolver.JSON.writeValue(file.toFile(), new ConfigResolver().resolve());
    List<String> written = new java.util.ArrayList<>();
    ConfigResolver.JSON.readTree(file.toFile()).fieldNames().forEachRemaining(written::add);
    assertEquals(
        List.of(
            "model",
            "dataset",
            "data",
            "epochs",
            "batch_size",
            "max_steps",
            "seed",
            "latent_dim",
            "noise",
            "g_hidden",
            "d_hidden",
            "image_size",
            "channels",
            "base_width",
            "d_dropout",
            "g_output",
            "conditional",
            "classes",
            "update",
            "batch_source",
            "precision",
            "g_lr",
            "d_lr",
            "beta1",
            "beta2",
            "epsilon",
            "real_label",
            "sample_grid",
            "checkpoint_every",
            "keep",
            "export_discriminator",
            "eval_every",
            "eval_count",
            "stop_on_collapse",
            "ema_decay",
            "export_raw_generator",
            "time_budget",
            "checkpoint_every_minutes",
            "checkpoint_every_steps",
            "augment"),
        written);
  }

  @Test
  void augmentIsASetOfPoliciesWrittenInTheirOrderAndReadBack(@TempDir Path dir) throws IOException {
    assertEquals(List.of(), new ConfigResolver().resolve().augment(), "none by default");
    assertTrue(
        RunSettings.AUGMENT
            .helpText()
            .endsWith("(default: none; color,translation,cutout for dcgan-bn on a folder)"),
        RunSettings.AUGMENT.helpText());
    TrainConfig config =
        new ConfigResolver().flags(Map.of("augment", "cutout, color,translation")).resolve();
    List<Augment> all = List.of(Augment.COLOR, Augment.TRANSLATION, Augment.CUTOUT);
    assertEquals(all, config.augment());
    Path file = dir.resolve("config.json");
    ConfigResolver.JSON.writeValue(file.toFile(), config);
    assertEquals(
        "[\"color\",\"translation\",\"cutout\"]",
        ConfigResolver.JSON.readTree(file.toFile()).get("augment").toString());
    assertEquals(all, new ConfigResolver().file(file).resolve().augment());
    // The text form in a file, and none.
    Path text = Files.writeString(dir.resolve("text.json"), "{\"augment\": \"translation\"}");
    assertEquals(List.of(Augment.TRANSLATION), new ConfigResolver().file(text).resolve().augment());
    Path none = Files.writeString(dir.resolve("none.properties"), "augment=none\n");
    assertEquals(List.of(), new ConfigResolver().file(none).resolve().augment());
    Path empty = Files.writeString(dir.resolve("empty.json"), "{\"augment\": []}");
    assertEquals(List.of(), new ConfigResolver().file(empty).resolve().augment());
  }

  @Test
  void aBadAugmentNamesTheValueAndTheChoices(@TempDir Path dir) throws IOException {
    for (String[] bad :
        new String[][] {
          {"rotate", "'rotate' is not one; choose none or one or more of color, cutout,"},
          {"color,", "an empty name is not one"},
          {"cutout,cutout", "'cutout' is named twice"},
          {"none,color", "'none' stands alone"},
        }) {
      BadInputException e =
          assertThrows(
              BadInputException.class,
              () -> new ConfigResolver().flags(Map.of("augment", bad[0])).resolve());
      assertTrue(e.getMessage().startsWith("bad augment (--augment): " + bad[0] + "; "), bad[0]);
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
    Path file = Files.writeString(dir.resolve("c.json"), "{\"augment\": [\"color\", 3]}");
    String message = refused(file);
    assertTrue(message.contains("augment in " + file), message);
    assertTrue(message.contains("expected none or one or more of"), message);
  }

  @Test
  void helpShowsEachDefaultAndThePerModelOnes() {
    String batch = RunSettings.BATCH_SIZE.helpText();
    assertTrue(
        batch.endsWith(
            "(default: 64; 128 for an unconditional dcgan, 64 for a conditional dcgan, 64 for"
                + " dcgan-bn)"),
        batch);
    assertTrue(
        RunSettings.CHECKPOINT_EVERY_MINUTES.helpText().endsWith("(default: 10)"),
        "an integral number prints as an integer");
    assertTrue(RunSettings.EPSILON.helpText().endsWith("(default: 1e-7)"));
    assertTrue(ModelSettings.G_HIDDEN.helpText().endsWith("(default: 128,128)"));
  }

  @Test
  void aTextWhereAnIntegerBelongsNamesTheKeyTheFileAndTheType(@TempDir Path dir)
      throws IOException {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"batch_size\": \"x\"}");
    String message = refused(file);
    assertTrue(message.contains("batch_size"), message);
    assertTrue(message.contains(file.toString()), message);
    assertTrue(message.contains("expected an integer"), message);
  }

  @Test
  void anObjectWhereWidthsBelongIsRefused(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"g_hidden\": {\"a\": 1}}");
    String message = refused(file);
    assertTrue(message.contains("g_hidden in " + file), message);
    assertTrue(message.contains("expected a list of integers"), message);
  }

  @Test
  void aPropertiesValueThatIsNoIntegerNamesTheKeyAndFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("c.properties"), "batch_size=abc\n");
    String message = refused(file);
    assertTrue(message.contains("batch_size in " + file + ": abc"), message);
    assertTrue(message.contains("expected an integer"), message);
  }

  @Test
  void aFractionIsNotTruncatedToAnInteger(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"batch_size\": 16.7}");
    String message = refused(file);
    assertTrue(message.contains("batch_size in " + file + ": 16.7"), message);
    assertTrue(message.contains("not an integer"), message);
    Path whole = Files.writeString(dir.resolve("w.json"), "{\"batch_size\": 16.0}");
    assertEquals(16, new ConfigResolver().file(whole).resolve().batchSize(), "16.0 is 16");
  }

  @Test
  void integersAreNamedAsIntegers() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> new ConfigResolver().flags(Map.of("latent_dim", 0)).resolve());
    assertTrue(e.getMessage().contains("latent_dim (--latent-dim): 0;"), e.getMessage());
    assertFalse(e.getMessage().contains("0.0"), e.getMessage());
  }

  @Test
  void aNullForANumberIsRefusedByName(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"epochs\": null}");
    String message = refused(file);
    assertTrue(message.contains("epochs in " + file), message);
    assertTrue(message.contains("not null"), message);
  }

  private static String refused(Path file) {
    return assertThrows(BadInputException.class, () -> new ConfigResolver().file(file).resolve())
        .getMessage();
  }
}
