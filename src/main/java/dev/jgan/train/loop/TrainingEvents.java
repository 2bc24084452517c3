package dev.jgan.train.loop;

import dev.jgan.train.StepMetrics;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Delivers a run's events to its listeners, in the order they were registered, and is the {@link
 * RunControl} they get. An event a listener reports while another is being delivered (a checkpoint
 * written at an epoch's end) waits until every listener has heard the first, so each listener hears
 * the events of a step in the same order.
 */
public final class TrainingEvents implements RunControl {
  private final List<TrainingListener> listeners;
  private final Deque<Event> pending = new ArrayDeque<>();
  private boolean delivering;
  private volatile String stopReason;
  private volatile String collapse;

  /** One event, as each listener hears it. */
  @FunctionalInterface
  private interface Event {
    void to(TrainingListener listener) throws IOException;
  }

  public TrainingEvents(List<TrainingListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  public void begin(RunBegin begin) throws IOException {
    deliver(listener -> listener.onBegin(begin, this));
  }

  public void step(StepMetrics metrics) throws IOException {
    deliver(listener -> listener.onStep(metrics));
  }

  public void epochEnd(EpochEnd epoch) throws IOException {
    deliver(listener -> listener.onEpochEnd(epoch));
  }

  public void end(RunEnd end) throws IOException {
    deliver(listener -> listener.onEnd(end));
  }

  @Override
  public void checkpointSaved(CheckpointSaved checkpoint) throws IOException {
    deliver(listener -> listener.onCheckpoint(checkpoint));
  }

  @Override
  public void evaluated(EvaluationDone evaluation) throws IOException {
    deliver(listener -> listener.onEvaluation(evaluation));
  }

  @Override
  public void requestStop(String reason) {
    synchronized (this) {
      if (stopReason == null) {
        stopReason = reason;
      }
    }
  }

  @Override
  public void requestCollapseStop(String reason) {
    synchronized (this) {
      if (collapse == null) {
        collapse = reason;
      }
    }
    requestStop(reason);
  }

  /** Whether a listener asked for a stop. */
  public boolean stopRequested() {
    return stopReason != null;
  }

  /** The first stop request's reason, null without one. */
  public String stopReason() {
    return stopReason;
  }

  /** The first collapse a listener stopped the run for, null without one. */
  public String collapse() {
    return collapse;
  }

  private void deliver(Event event) throws IOException {
    pending.add(event);
    if (delivering) {
      return; // the outer delivery hears it next
    }
    delivering = true;
    try {
      for (Event next = pending.poll(); next != null; next = pending.poll()) {
        for (TrainingListener listener : listeners) {
          next.to(listener);
        }
      }
    } finally {
      delivering = false;
      pending.clear();
    }
  }
}
