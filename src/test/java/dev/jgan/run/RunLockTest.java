package dev.jgan.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per run folder, across processes: the claim, the lock, and what a kill leaves. */
public class RunLockTest {
  @Test
  void twoProcessesRacingForOneOutFolderLeaveExactlyOneWinner(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("runs").resolve("race");
    List<Process> racers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      racers.add(claim(out, 1500));
    }
    List<Integer> codes = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Process p : racers) {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "claimer did not end");
      codes.add(p.exitValue());
      errors.add(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(1, codes.stream().filter(c -> c == 0).count(), codes + " " + errors);
    assertEquals(1, codes.stream().filter(c -> c == 2).count(), codes + " " + errors);
    String refusal = errors.get(codes.indexOf(2));
    assertTrue(refusal.contains(out.toString()), refusal);
    assertTrue(
        refusal.contains("being trained by process") || refusal.contains("not empty"), refusal);
  }

  @Test
  void aLiveHolderIsNamedAndAKilledOneLeavesNoStaleLock(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    Process holder = claim(out, 120_000);
    try {
      awaitClaimed(holder);
      RunFolder folder = new RunFolder(out);
      assertEquals(Optional.of(holder.pid()), RunLock.writer(folder));
      BadInputException busy = assertThrows(BadInputException.class, () -> RunLock.acquire(folder));
      assertTrue(busy.getMessage().contains("process " + holder.pid()), busy.getMessage());
      assertTrue(busy.getMessage().contains(out.toString()), busy.getMessage());
      BadInputException check = assertThrows(BadInputException.class, () -> RunFolder.check(out));
      assertTrue(check.getMessage().contains("process " + holder.pid()), check.getMessage());
    } finally {
      holder.destroyForcibly(); // kill -9
      holder.waitFor(30, TimeUnit.SECONDS);
    }
    RunFolder folder = new RunFolder(out);
    assertEquals(Optional.empty(), RunLock.writer(folder));
    try (RunLock lock = RunLock.acquire(folder)) {
      assertEquals(
          String.valueOf(ProcessHandle.current().pid()),
          Files.readString(folder.lock()).trim(),
          "the new holder's pid replaces the dead one's");
    }
  }

  @Test
  void thisProcessCannotClaimAFolderTwice(@TempDir Path dir) throws Exception {
    RunFolder folder = RunFolder.check(dir.resolve("run"));
    try (RunLock lock = folder.claim()) {
      BadInputException again = assertThrows(BadInputException.class, folder::claim);
      assertTrue(
          again.getMessage().contains("process " + ProcessHandle.current().pid()),
          again.getMessage());
    }
    assertTrue(Files.isDirectory(folder.checkpoints()));
    // released, the lock file stays behind: a folder holding only it is still a fresh one
    RunFolder other = RunFolder.check(dir.resolve("other"));
    Files.createDirectories(other.root());
    Files.writeString(other.lock(), "12345\n");
    try (RunLock lock = other.claim()) {
      assertTrue(Files.isDirectory(other.checkpoints()));
    }
    BadInputException used = assertThrows(BadInputException.class, folder::claim);
    assertTrue(used.getMessage().contains("not empty"), used.getMessage());
  }

  /** Starts a JVM (the test classpath) that claims {@code out} and holds it. */
  public static Process claim(Path out, long holdMillis) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            ClaimMain.class.getName(),
            out.toString(),
            Long.toString(holdMillis))
        .start();
  }

  public static void awaitClaimed(Process p) throws Exception {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = lines.readLine();
    if (!"claimed".equals(line)) {
      throw new AssertionError(
          "no claim: " + line + " " + new String(p.getErrorStream().readAllBytes()));
    }
  }
}
