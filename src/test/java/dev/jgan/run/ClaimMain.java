package dev.jgan.run;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A second process for {@link RunLockTest}: claims args[0] as a new run folder, says so, writes
 * config.json as a run does and holds the lock for args[1] milliseconds. Exit 0 when it won the
 * folder, 2 (with the refusal on stderr) when it did not.
 */
public final class ClaimMain {
  private ClaimMain() {}

  public static void main(String[] args) throws Exception {
    RunFolder folder = new RunFolder(Path.of(args[0]).toAbsolutePath());
    try (RunLock lock = folder.claim()) {
      Files.writeString(folder.config(), "{}");
      System.out.println("claimed");
      System.out.flush();
      Thread.sleep(Long.parseLong(args[1]));
    } catch (dev.jgan.BadInputException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }
}
