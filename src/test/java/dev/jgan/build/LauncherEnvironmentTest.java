package dev.jgan.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the launcher sets up for the JVM (issue 26 rows 5 and 8): TensorFlow's native log level
 * (errors only, warnings with --debug or JGAN_DEBUG, the user's own value kept) and a UTF-8 charset
 * for file names. Runs ./gan with stand-ins for mvn and java on the PATH; the java stand-in prints
 * what it was given.
 */
class LauncherEnvironmentTest {
  @Test
  void errorsOnlyUnlessDebugOrTheUserSaysOtherwise(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    stub(bin.resolve("mvn"), "exit 0");
    stub(bin.resolve("java"), "echo \"level=${TF_CPP_MIN_LOG_LEVEL}\"");
    assertEquals("level=2", launch(bin, null, null, "generate", "--model", "m"));
    assertEquals("level=1", launch(bin, null, null, "generate", "--model", "m", "--debug"));
    assertEquals("level=1", launch(bin, null, "1", "train"));
    assertEquals("level=2", launch(bin, null, "0", "train"));
    assertEquals("level=0", launch(bin, "0", null, "train", "--debug"));
  }

  @Test
  void anAsciiLocaleGetsUtf8FileNames(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    stub(bin.resolve("mvn"), "exit 0");
    // Java encodes file names in this charset: ASCII cannot name /tmp/ü at all.
    stub(bin.resolve("java"), "locale charmap");
    assertEquals("UTF-8", launchIn(bin, Map.of("LC_ALL", "C"), "train", "--out", "/tmp/ü"));
    assertEquals("UTF-8", launchIn(bin, Map.of("LANG", "C"), "train"));
  }

  @Test
  void grpcListenersMayShareThePortSoTheLoopbackGuardCanHoldIt(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    stub(bin.resolve("mvn"), "exit 0");
    stub(bin.resolve("java"), "echo \"reuse=${TF_GRPC_REUSE_PORT}\"");
    assertEquals("reuse=true", launchIn(bin, Map.of(), "worker"));
    assertEquals("reuse=false", launchIn(bin, Map.of("TF_GRPC_REUSE_PORT", "false"), "worker"));
  }

  private static String launchIn(Path bin, Map<String, String> env, String... args)
      throws Exception {
    List<String> command =
        new ArrayList<>(List.of("bash", Path.of("gan").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    for (String v :
        List.of(
            "LC_ALL",
            "LC_CTYPE",
            "LANG",
            "TF_CPP_MIN_LOG_LEVEL",
            "JGAN_DEBUG",
            "TF_GRPC_REUSE_PORT")) {
      pb.environment().remove(v);
    }
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    p.waitFor(30, TimeUnit.SECONDS);
    return out.lines().reduce((a, b) -> b).orElse("");
  }

  private static void stub(Path file, String body) throws Exception {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String launch(Path bin, String level, String debug, String... args)
      throws Exception {
    Map<String, String> env = new java.util.HashMap<>();
    if (level != null) {
      env.put("TF_CPP_MIN_LOG_LEVEL", level);
    }
    if (debug != null) {
      env.put("JGAN_DEBUG", debug);
    }
    return launchIn(bin, env, args);
  }
}
