package dev.jgan.train.listen;

import dev.jgan.eval.SetMetrics;
import dev.jgan.monitor.TensorBoardWriter;
import dev.jgan.train.StepMetrics;
import dev.jgan.train.loop.EpochEnd;
import dev.jgan.train.loop.EvaluationDone;
import dev.jgan.train.loop.RunEnd;
import dev.jgan.train.loop.TrainingListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends the training loop's numbers to TensorBoard: per step D's and G's losses, D(x) ({@code
 * d_real}), D(G(z)) ({@code d_fake}) and images/s; per epoch the sample grid of the epoch's event
 * (the picture the grid writer saves, from memory); per evaluation {@code eval/fid}, {@code
 * eval/kid} and {@code eval/class_entropy}.
 */
public final class TensorBoardListener implements TrainingListener {
  private final TensorBoardWriter writer;

  public TensorBoardListener(TensorBoardWriter writer) {
    this.writer = writer;
  }

  @Override
  public void onStep(StepMetrics m) {
    Map<String, Float> values = new LinkedHashMap<>();
    // The names of metrics.jsonl, so one vocabulary serves both.
    values.put("d_loss", m.losses().dLoss());
    values.put("g_loss", m.losses().gLoss());
    values.put("d_real", m.losses().dReal());
    values.put("d_fake", m.losses().dFake());
    values.put("images_per_sec", (float) m.imagesPerSecond());
    writer.scalars(m.step(), values);
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) {
    writer.image("samples", epoch.step(), epoch.grid());
    writer.flush();
  }

  @Override
  public void onEvaluation(EvaluationDone evaluation) {
    SetMetrics g = evaluation.generated();
    Map<String, Float> scalars = new LinkedHashMap<>();
    scalars.put("eval/fid", (float) g.fid());
    scalars.put("eval/kid", (float) g.kid().mean());
    scalars.put("eval/class_entropy", (float) g.classes().entropy());
    writer.scalars(evaluation.step(), scalars);
    writer.flush();
  }

  @Override
  public void onEnd(RunEnd end) {
    writer.flush();
  }
}
