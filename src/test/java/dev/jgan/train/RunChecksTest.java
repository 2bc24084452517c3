package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import dev.jgan.config.BatchSource;
import dev.jgan.data.ImageDataset;
import org.junit.jupiter.api.Test;

/** Where the real batches come from: the resident set's size rule (see graph.StepInputs). */
class RunChecksTest {
  @Test
  void autoKeepsSmallSetsInTheGraphAndGraphRefusesLargeOnes() {
    ImageDataset small = TrainRunTest.stripes(40);
    assertTrue(RunChecks.resident(BatchSource.AUTO, small));
    assertTrue(RunChecks.resident(BatchSource.GRAPH, small));
    assertFalse(RunChecks.resident(BatchSource.FEED, small));
    BadInputException tooLarge =
        assertThrows(
            BadInputException.class,
            () ->
                RunChecks.resident(
                    BatchSource.GRAPH, small, (long) small.size() * small.imageSize() - 1));
    assertTrue(tooLarge.getMessage().contains("--batch-source feed"), tooLarge.getMessage());
  }
}
