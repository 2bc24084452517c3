package dev.jgan.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.config.Augment;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's config.json as --resume, generate and evaluate read it. */
class RunFolderConfigTest {
  /**
   * A config.json written before the augment setting existed reads as a run without augmentation,
   * whatever the setting's default: the resumed run must train as it did.
   */
  @Test
  void aConfigJsonWithoutAugmentReadsAsNone(@TempDir Path dir) throws Exception {
    RunFolder folder = new RunFolder(dir);
    TrainConfig config =
        new ConfigResolver().flags(Map.of("augment", "color,cutout", "keep", 5)).resolve();
    ObjectNode json = ConfigResolver.JSON.valueToTree(config);
    ConfigResolver.JSON.writeValue(folder.config().toFile(), json);
    assertEquals(
        List.of(Augment.COLOR, Augment.CUTOUT), folder.readConfig().orElseThrow().augment());

    json.remove("augment");
    ConfigResolver.JSON.writeValue(folder.config().toFile(), json);
    TrainConfig old = folder.readConfig().orElseThrow();
    assertEquals(List.of(), old.augment());
    assertEquals(5, old.keep(), "the rest as written");
  }

  /** unsetAs fills only what no layer set, and wins over the defaults. */
  @Test
  void unsetAsFillsOnlyTheKeysNoLayerSet() {
    TrainConfig config =
        new ConfigResolver()
            .flags(Map.of("keep", 7))
            .unsetAs(Map.of("keep", 5, "seed", 9L))
            .resolve();
    assertEquals(7, config.keep());
    assertEquals(9L, config.seed());
    assertFalse(config.seed() == new ConfigResolver().resolve().seed(), "not the default");
  }
}
