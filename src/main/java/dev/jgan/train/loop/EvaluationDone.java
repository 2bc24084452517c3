package dev.jgan.train.loop;

import dev.jgan.eval.SetMetrics;

/**
 * An evaluation during training ({@code --eval-every}).
 *
 * @param generated the scores of G's images (FID, KID, class entropy, precision and recall)
 * @param best whether its FID is the run's lowest so far (now in {@code export-best/})
 */
public record EvaluationDone(int epoch, long step, SetMetrics generated, boolean best) {}
