package dev.jgan.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CheckpointCadenceTest {
  private static final long MINUTE = 60_000_000_000L;

  @Test
  void everyNStepsAndAfterTheStepThatEndsMMinutesSinceTheLastCheckpoint() {
    long[] now = {0};
    CheckpointCadence cadence = new CheckpointCadence(10, 4, () -> now[0]);
    List<Long> due =
        LongStream.rangeClosed(1, 12)
            .filter(
                step -> {
                  now[0] = step * 3 * MINUTE; // 3 minutes per step
                  boolean d = cadence.due(step);
                  if (d) {
                    cadence.saved();
                  }
                  return d;
                })
            .boxed()
            .toList();
    // steps 4, 8, 12 by count; by time: 10 minutes after the save at step 4 (12 min) is step 8
    // (24 min, saved anyway); after 8 (24 min) step 12 (36 min). Add a time-only one:
    assertEquals(List.of(4L, 8L, 12L), due);

    long[] t = {0};
    CheckpointCadence byTime = new CheckpointCadence(10, 0, () -> t[0]);
    List<Long> timed =
        LongStream.rangeClosed(1, 12)
            .filter(
                step -> {
                  t[0] = step * 3 * MINUTE;
                  boolean d = byTime.due(step);
                  if (d) {
                    byTime.saved();
                  }
                  return d;
                })
            .boxed()
            .toList();
    assertEquals(List.of(4L, 8L, 12L), timed, "12 min >= 10 after 0, 24 after 12, 36 after 24");

    CheckpointCadence off = new CheckpointCadence(0, 0, () -> Long.MAX_VALUE / 4);
    assertEquals(false, off.due(1));
  }
}
