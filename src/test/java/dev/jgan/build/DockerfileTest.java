package dev.jgan.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's rules, checked by parsing it (no Docker engine needed): images pinned to
 * versions, CUDA and cuDNN matching TensorFlow 2.16, a non-root user, no build tools in the image,
 * an entrypoint and volumes; and the README's commands that use it.
 */
class DockerfileTest {
  /** The variants the VARIANT build argument may name. */
  static final List<String> VARIANTS = List.of("gpu", "cpu");

  static final Pattern BUILD_TOOLS =
      Pattern.compile(
          "\\b(gcc|g\\+\\+|make|cmake|build-essential|maven|gradle|git|javac|mvn"
              + "|openjdk-[0-9]+-jdk(-headless)?|default-jdk|cuda-nvcc[-0-9]*|[a-z0-9.+-]+-dev"
              + "(=[^\\s]+)?)\\b");

  record Instruction(int line, String keyword, String args) {}

  record Stage(String image, String name, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }
  }

  static Map<String, String> globalArgs = new LinkedHashMap<>();
  static List<Stage> stages = new ArrayList<>();
  static String text;

  @BeforeAll
  static void parse() throws IOException {
    text = Files.readString(Path.of("Dockerfile"));
    globalArgs.clear();
    stages.clear();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int start = i + 1;
      StringBuilder joined = new StringBuilder();
      while (line.endsWith("\\")) { // continuation; comment lines inside it are dropped
        joined.append(line, 0, line.length() - 1).append(' ');
        do {
          line = lines.get(++i).strip();
        } while (line.startsWith("#"));
      }
      joined.append(line);
      String[] parts = joined.toString().split("\\s+", 2);
      Instruction ins =
          new Instruction(start, parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : "");
      if (ins.keyword().equals("FROM")) {
        String[] from = ins.args().split("\\s+");
        String name = from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : "";
        stages.add(new Stage(from[0], name, new ArrayList<>()));
      } else if (stages.isEmpty()) {
        assertEquals("ARG", ins.keyword(), "only ARG may come before the first FROM");
        String[] kv = ins.args().split("=", 2);
        globalArgs.put(kv[0], kv.length > 1 ? kv[1] : "");
      } else {
        stages.get(stages.size() - 1).instructions().add(ins);
      }
    }
  }

  static Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  static String resolve(String image, String variant) {
    return image.replace("${VARIANT}", variant).replace("$VARIANT", variant);
  }

  /** The stages whose files end up in the image of {@code variant}: the last and its bases. */
  static List<Stage> imageStages(String variant) {
    List<Stage> chain = new ArrayList<>();
    Stage s = stages.get(stages.size() - 1);
    chain.add(s);
    while (stage(resolve(s.image(), variant)).isPresent()) {
      s = stage(resolve(s.image(), variant)).get();
      chain.add(s);
    }
    return chain;
  }

  @Test
  void everyImageIsPinnedToAVersionTag() {
    for (String variant : VARIANTS) {
      List<String> earlier = new ArrayList<>();
      for (Stage s : stages) {
        String image = resolve(s.image(), variant);
        if (!earlier.contains(image)) {
          Matcher m =
              Pattern.compile("[a-z0-9./-]+(:([\\w.-]+))?(@sha256:[0-9a-f]{64})?").matcher(image);
          assertTrue(m.matches(), "not an image reference: " + image);
          String tag = m.group(2);
          assertTrue(
              m.group(3) != null
                  || (tag != null && !tag.equals("latest") && tag.matches(".*\\d.*")),
              "FROM " + image + ": pin a version tag (or digest)");
        }
        earlier.add(s.name());
      }
    }
    for (Instruction copy : stages.stream().flatMap(s -> s.all("COPY").stream()).toList()) {
      Matcher from = Pattern.compile("--from=(\\S+)").matcher(copy.args());
      if (from.find()) {
        assertTrue(stage(from.group(1)).isPresent(), "COPY --from an outside image: " + copy);
      }
    }
  }

  @Test
  void theVariantArgumentPicksAStageAndTheGpuBuildUsesTheGpuProfile() {
    assertEquals("gpu", globalArgs.get("VARIANT"), "the default image is the GPU one");
    assertEquals("runtime-${VARIANT}", stages.get(stages.size() - 1).image());
    for (String variant : VARIANTS) {
      assertTrue(stage("runtime-" + variant).isPresent(), "no stage runtime-" + variant);
    }
    Stage build = stage("build").orElseThrow();
    assertTrue(build.image().startsWith("maven:") && build.image().contains("-17"), build.image());
    String package_ =
        build.all("RUN").stream()
            .map(Instruction::args)
            .filter(a -> a.contains(" package"))
            .findFirst()
            .orElseThrow();
    assertTrue(package_.contains("gpu) set -- -Pgpu"), package_);
    assertTrue(package_.contains("linux-x86_64-gpu"), "the GPU build must check its natives");
  }

  @Test
  void theGpuBaseIsCuda123WithCudnn89AsTensorFlow216NeedsAndSaysWhy() {
    Stage gpu = stage("runtime-gpu").orElseThrow();
    assertTrue(
        gpu.image().matches("nvidia/cuda:12\\.3\\.\\d+-runtime-ubuntu22\\.04"),
        "TensorFlow 2.16 was built with CUDA 12.3: " + gpu.image());
    assertTrue(
        gpu.all("RUN").stream()
            .anyMatch(r -> r.args().matches(".*libcudnn8=8\\.9\\.[0-9.]+-1\\+cuda12\\.\\d.*")),
        "TensorFlow 2.16 opens libcudnn.so.8 (cuDNN 8.9)");
    for (String source : List.of("dist_download.sh", "tensorflow.bazelrc", "configs.bzl")) {
      assertTrue(text.contains(source), "the comment should cite " + source);
    }
    Stage cpu = stage("runtime-cpu").orElseThrow();
    assertTrue(cpu.image().matches("eclipse-temurin:17[\\w.-]*-jre-jammy"), cpu.image());
  }

  @Test
  void theImageRunsAsANonRootUserWithoutBuildTools() {
    for (String variant : VARIANTS) {
      List<Stage> image = imageStages(variant);
      Stage last = image.get(0);
      List<Instruction> users = last.all("USER");
      assertFalse(users.isEmpty(), "no USER in the last stage");
      String user = users.get(users.size() - 1).args().split(":")[0];
      assertFalse(user.equals("root") || user.equals("0"), "runs as root");
      for (Stage s : image) {
        String base = resolve(s.image(), variant);
        assertFalse(
            base.matches("(maven|gradle).*|.*-jdk.*|.*devel.*|.*:.*jdk.*"),
            variant + ": the image is based on a build image: " + base);
        for (Instruction run : s.all("RUN")) {
          String installs = installedPackages(run.args());
          Matcher tool = BUILD_TOOLS.matcher(installs);
          if (tool.find()) {
            fail(variant + ": line " + run.line() + " installs a build tool: " + tool.group());
          }
          assertFalse(run.args().matches(".*\\b(mvn|javac|gcc)\\b.*"), "line " + run.line());
        }
        for (Instruction copy : s.all("COPY")) {
          if (copy.args().contains("--from=build")) {
            assertTrue(
                copy.args().matches("--from=build /src/target/(gan\\.jar|lib) \\S+"),
                "copy only the jar and its libraries from the build: " + copy.args());
          }
        }
      }
    }
  }

  @Test
  void theCliIsTheEntrypointAndRunsAndDataAreVolumes() {
    Stage last = stages.get(stages.size() - 1);
    List<Instruction> entry = last.all("ENTRYPOINT");
    assertEquals(1, entry.size());
    String exec = entry.get(0).args();
    assertTrue(exec.startsWith("[\"java\","), "exec form, so signals reach the JVM: " + exec);
    assertTrue(exec.contains("\"-jar\", \"/opt/jgan/gan.jar\""), exec);
    Matcher cache = Pattern.compile("javacpp\\.cachedir=([^\"]+)\"").matcher(exec);
    assertTrue(cache.find(), exec);
    assertTrue(
        last.all("ENV").stream()
            .anyMatch(
                e ->
                    List.of(e.args().split("\\s+"))
                        .contains("JGAN_JAVACPP_CACHE=" + cache.group(1))),
        "the natives must be unpacked at build time where the entrypoint looks for them");
    String volumes = last.all("VOLUME").stream().map(Instruction::args).reduce("", String::concat);
    assertTrue(volumes.contains("\"/runs\"") && volumes.contains("\"/data\""), volumes);
    assertTrue(last.all("CMD").stream().anyMatch(c -> c.args().contains("--help")));
  }

  @Test
  void dockerignoreKeepsBuildOutputOutOfTheContext() throws IOException {
    List<String> ignored = Files.readAllLines(Path.of(".dockerignore"));
    for (String entry : List.of("target", ".git", "runs")) {
      assertTrue(ignored.contains(entry), ".dockerignore lacks " + entry);
    }
  }

  @Test
  void theReadmeShowsTheCommandsForBothImages() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (String command :
        List.of(
            "docker build -t jgan:gpu .",
            "docker build -t jgan:cpu --build-arg VARIANT=cpu .",
            "docker run --rm --gpus all jgan:gpu doctor --require-gpu",
            "docker run --rm --gpus all --user \"$(id -u):$(id -g)\" -v \"$PWD/runs:/runs\" jgan:gpu"
                + " train --model dcgan --dataset mnist --out /runs/x",
            "docker run --rm --user \"$(id -u):$(id -g)\" -v \"$PWD/runs:/runs\" jgan:cpu train")) {
      assertTrue(readme.contains(command), "README lacks: " + command);
    }
  }

  /** The package words of apt-get/apk/yum/dnf install commands in a RUN line. */
  static String installedPackages(String run) {
    StringBuilder packages = new StringBuilder();
    Matcher m =
        Pattern.compile("(apt-get|apt|apk|yum|dnf|microdnf)\\s+(install|add)\\s+([^&;|]*)")
            .matcher(run);
    while (m.find()) {
      for (String word : m.group(3).trim().split("\\s+")) {
        if (!word.startsWith("-")) {
          packages.append(word).append(' ');
        }
      }
    }
    return packages.toString();
  }
}
