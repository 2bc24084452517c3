package dev.jgan;

/**
 * A cluster run stopped because a task failed or stopped answering (a worker died, the network
 * broke): an expected failure of distributed training, reported on one line with what to do (exit
 * 1), not as a bug's stack trace.
 */
public class ClusterFailedException extends RuntimeException {
  public ClusterFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
