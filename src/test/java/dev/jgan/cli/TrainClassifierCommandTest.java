package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainClassifierCommandTest {
  @Test
  void helpListsTheFlags() {
    TrainCommandTest.Captured c = TrainCommandTest.run("train-classifier", "--help");
    assertEquals(0, c.exit());
    for (String flag : List.of("--dataset", "--epochs", "--out", "--seed", "--data")) {
      assertTrue(c.out().contains(flag), "help lacks " + flag);
    }
  }

  @Test
  void badInputExitsTwoBeforeLoadingData(@TempDir Path dir) throws Exception {
    Path full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("x"), "x");
    for (String[] args :
        List.of(
            new String[] {"--dataset", "cifar"},
            new String[] {"--dataset", "mnist", "--epochs", "0", "--out", dir + "/a"},
            new String[] {"--dataset", "mnist", "--out", full.toString()})) {
      String[] all = new String[args.length + 1];
      all[0] = "train-classifier";
      System.arraycopy(args, 0, all, 1, args.length);
      TrainCommandTest.Captured c = TrainCommandTest.run(all);
      assertEquals(2, c.exit(), String.join(" ", args) + " -> " + c.err());
      assertTrue(c.err().startsWith("error: "), c.err());
    }
  }
}
