package dev.jgan.train;

/** What one D update plus one G update reports. */
public record StepResult(float dLoss, float gLoss, float dReal, float dFake) {}
