package dev.jgan.train.loop;

/**
 * A run about to take its first step.
 *
 * @param startStep steps already done: 0 for a new run, the checkpoint's step on resume
 * @param totalSteps the step the run ends at unless a time budget or a stop ends it sooner
 */
public record RunBegin(long startStep, long totalSteps, int batchesPerEpoch) {}
