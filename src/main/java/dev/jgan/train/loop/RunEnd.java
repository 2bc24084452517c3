package dev.jgan.train.loop;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param steps steps done
 * @param ending why
 * @param reason what asked for the stop or reported the collapse; null when it finished
 * @param checkpoint the last checkpoint, of step {@code steps}
 */
public record RunEnd(long steps, Ending ending, String reason, Path checkpoint) {
  public enum Ending {
    /** Reached its last step or spent its time budget; exported. */
    FINISHED,
    /** Stopped before its last step on request (a signal, a listener): resume continues it. */
    STOPPED,
    /** Its collapse detector asked for the stop ({@code --stop-on-collapse}). */
    COLLAPSED
  }
}
