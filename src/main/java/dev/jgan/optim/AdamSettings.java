package dev.jgan.optim;

/** Hyperparameters of one Adam optimizer. */
public record AdamSettings(float learningRate, float beta1, float beta2, float epsilon) {}
