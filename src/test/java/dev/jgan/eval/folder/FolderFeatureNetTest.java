package dev.jgan.eval.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.model.ClassifierNet;
import dev.jgan.model.ImageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature network's cache key: what it was trained on and how, nothing else. */
class FolderFeatureNetTest {
  private static final ClassifierNet NET = ClassifierNet.rotations(new ImageShape(16, 16, 3));

  @Test
  void theKeyFollowsTheImagesTheSplitAndTheBudget() {
    byte[] rest = {1, 2, 3, 4};
    byte[] heldOut = {5, 6};
    String key = FolderFeatureNet.key(NET, 1000, rest, heldOut);
    assertEquals(32, key.length());
    assertEquals(key, FolderFeatureNet.key(NET, 1000, rest.clone(), heldOut.clone()));
    assertNotEquals(key, FolderFeatureNet.key(NET, 1001, rest, heldOut), "the budget");
    assertNotEquals(key, FolderFeatureNet.key(NET, 1000, new byte[] {1, 2, 3, 5}, heldOut));
    // The same bytes split differently is another network.
    assertNotEquals(
        key, FolderFeatureNet.key(NET, 1000, new byte[] {1, 2, 3}, new byte[] {4, 5, 6}));
    assertNotEquals(
        key,
        FolderFeatureNet.key(ClassifierNet.rotations(new ImageShape(8, 8, 3)), 1000, rest, heldOut),
        "the recipe");
  }

  @Test
  void aNetworkTrainedMeanwhileByAnotherEvaluationIsKept(@TempDir Path dir) throws Exception {
    Path place = Files.createDirectories(dir.resolve("net"));
    Files.writeString(place.resolve("saved_model.pb"), "theirs");
    Path ours = Files.createDirectories(dir.resolve(".staging/net"));
    Files.writeString(ours.resolve("saved_model.pb"), "ours");
    FolderFeatureNet.install(ours, place);
    assertEquals("theirs", Files.readString(place.resolve("saved_model.pb")));
  }

  @Test
  void aNetworkIsMovedToItsPlaceWhole(@TempDir Path dir) throws Exception {
    Path ours = Files.createDirectories(dir.resolve(".staging/net"));
    Files.writeString(ours.resolve("saved_model.pb"), "ours");
    Files.createDirectories(ours.resolve("variables"));
    Path place = dir.resolve("net");
    FolderFeatureNet.install(ours, place);
    assertEquals("ours", Files.readString(place.resolve("saved_model.pb")));
    assertTrue(Files.isDirectory(place.resolve("variables")));
    assertFalse(Files.exists(ours));
  }

  @Test
  void aBrokenFolderInItsPlaceIsAnError(@TempDir Path dir) throws Exception {
    // Not a network (no saved_model.pb) and not ours to delete: the evaluation stops.
    Path place = Files.createDirectories(dir.resolve("net"));
    Files.writeString(place.resolve("notes.txt"), "someone's");
    Path ours = Files.createDirectories(dir.resolve(".staging/net"));
    Files.writeString(ours.resolve("saved_model.pb"), "ours");
    assertThrows(IOException.class, () -> FolderFeatureNet.install(ours, place));
    assertEquals("someone's", Files.readString(place.resolve("notes.txt")));
  }

  @Test
  void theBudgetIsTheRealOneUnlessATestSetsIt() {
    String previous = System.getProperty(FolderFeatureNet.TRAINING_IMAGES_PROPERTY);
    try {
      System.clearProperty(FolderFeatureNet.TRAINING_IMAGES_PROPERTY);
      assertEquals(FolderFeatureNet.TRAINING_IMAGES, FolderFeatureNet.trainingImages());
      System.setProperty(FolderFeatureNet.TRAINING_IMAGES_PROPERTY, "640");
      assertEquals(640, FolderFeatureNet.trainingImages());
    } finally {
      if (previous == null) {
        System.clearProperty(FolderFeatureNet.TRAINING_IMAGES_PROPERTY);
      } else {
        System.setProperty(FolderFeatureNet.TRAINING_IMAGES_PROPERTY, previous);
      }
    }
  }
}
