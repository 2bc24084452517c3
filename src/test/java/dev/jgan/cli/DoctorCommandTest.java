package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgan.runtime.NativeRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gan doctor} and the train command's --device and --log-placement, on this machine. */
class DoctorCommandTest {

  @Test
  void doctorOnACpuBuildSaysCpuBuildNoGpuAndWhy() {
    assumeFalse(NativeRuntime.hasCudaKernels(), "the test class path has the GPU natives");
    TrainCommandTest.Captured c = TrainCommandTest.run("doctor");
    assertEquals(0, c.exit(), c.err());
    for (String fact :
        List.of(
            "java ",
            "tensorflow    2.16.2",
            "native        CPU build",
            "device:CPU:0",
            "threads")) {
      assertTrue(c.out().contains(fact), "no '" + fact + "' in:\n" + c.out());
    }
    String verdict =
        c.out().lines().filter(l -> l.startsWith("verdict")).findFirst().orElse("(none)");
    assertTrue(verdict.contains("CPU build, no GPU: "), verdict);
    assertTrue(verdict.contains("the native library is TensorFlow's CPU build"), verdict);
  }

  @Test
  void requireGpuExitsOneWithTheReasonWhenNoGpuIsUsable() {
    TrainCommandTest.Captured c = TrainCommandTest.run("doctor", "--require-gpu");
    boolean usable = c.out().lines().anyMatch(l -> l.startsWith("verdict") && l.contains("usable"));
    assumeFalse(usable, "this machine has a usable GPU");
    assertEquals(1, c.exit(), c.err());
    assertTrue(c.err().startsWith("error: no usable GPU: "), c.err());
  }

  @Test
  void helpDocumentsRequireGpuAndItsExitCode() {
    TrainCommandTest.Captured c = TrainCommandTest.run("doctor", "--help");
    assertEquals(0, c.exit());
    assertTrue(c.out().contains("--require-gpu"), c.out());
    assertTrue(c.out().contains("Exit codes"), c.out());
    assertTrue(TrainCommandTest.run("--help").out().contains("doctor"));
  }

  @Test
  void trainHelpListsTheDeviceFlags() {
    String help = TrainCommandTest.run("train", "--help").out();
    assertTrue(help.contains("--device=auto|cpu|gpu[:N]"), help);
    assertTrue(help.contains("--log-placement"), help);
  }

  @Test
  void aDeviceThatCannotBeHadExitsTwoBeforeTheRunFolder(@TempDir Path dir) {
    assumeFalse(NativeRuntime.hasCudaKernels(), "the test class path has the GPU natives");
    Path out = dir.resolve("run");
    for (String device : List.of("tpu", "gpu", "gpu:1")) {
      TrainCommandTest.Captured c =
          TrainCommandTest.run(
              "train", "--preset", "tiny", "--out", out.toString(), "--device", device);
      assertEquals(2, c.exit(), device + ": " + c.err());
      assertTrue(c.err().contains("error: --device " + device + ": "), c.err());
      assertFalse(Files.exists(out), "--device " + device + " created the run folder");
    }
  }

  @Test
  void theDeviceIsNotARunSettingAndMayChangeOnResume(@TempDir Path dir) throws Exception {
    assumeTrue(
        Files.exists(TrainCommandTest.SHARED_MNIST), "needs ../shared/data (absent: skipped)");
    Path out = dir.resolve("run");
    String data = TrainCommandTest.SHARED_MNIST.toString();
    TrainCommandTest.Captured first =
        TrainCommandTest.run(
            "train",
            "--preset",
            "tiny",
            "--data",
            data,
            "--out",
            out.toString(),
            "--max-steps",
            "3",
            "--device",
            "cpu");
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.err().contains("device: CPU: /device:CPU:0 (--device cpu)"), first.err());
    String config = Files.readString(out.resolve("config.json"));
    assertFalse(config.contains("device") || config.contains("placement"), config);

    TrainCommandTest.Captured resumed =
        TrainCommandTest.run(
            "train", "--resume", out.toString(), "--max-steps", "5", "--device", "auto");
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.err().contains("device: "), resumed.err());
  }
}
