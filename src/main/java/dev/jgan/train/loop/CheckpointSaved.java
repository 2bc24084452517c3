package dev.jgan.train.loop;

import java.nio.file.Path;

/** A checkpoint written and complete: {@code --resume} can continue from it. */
public record CheckpointSaved(long step, Path dir) {}
