package dev.jgan.train.loop;

import java.awt.image.BufferedImage;

/**
 * The end of an epoch (or of a run's last, partial one).
 *
 * @param epoch 1-based
 * @param step steps done
 * @param grid the sample grid of G at this step, in memory: the grid writer saves it, TensorBoard
 *     shows it, a service may send it on
 */
public record EpochEnd(int epoch, long step, BufferedImage grid) {}
