package dev.jgan.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The gpu profile swaps TensorFlow's CPU natives for the CUDA ones: checked in pom.xml always, and
 * by Maven's own resolution (offline) when the GPU jar is in the local repository.
 */
class GpuProfileTest {
  static final String GPU_CLASSIFIER = "linux-x86_64-gpu";

  @Test
  void theGpuProfileSetsTheClassifierOfTheOnlyNativeDependency() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
    Element project = pom.getDocumentElement();
    assertEquals(
        "linux-x86_64", text(child(project, "properties"), "tensorflow.native.classifier"));

    Element gpu = null;
    for (Element profile : children(child(project, "profiles"), "profile")) {
      if (text(profile, "id").equals("gpu")) {
        gpu = profile;
      }
    }
    assertTrue(gpu != null, "no gpu profile");
    assertEquals(GPU_CLASSIFIER, text(child(gpu, "properties"), "tensorflow.native.classifier"));

    List<Element> natives = new ArrayList<>();
    for (Element dep : children(child(project, "dependencies"), "dependency")) {
      String artifact = text(dep, "artifactId");
      assertFalse(artifact.equals("tensorflow-core-platform"), "pulls every platform's natives");
      if (artifact.equals("tensorflow-core-native")) {
        natives.add(dep);
      }
    }
    assertEquals(1, natives.size());
    assertEquals("${tensorflow.native.classifier}", text(natives.get(0), "classifier"));
  }

  /**
   * Runs {@code mvn -o -Pgpu dependency:list}: proves that Maven resolves the GPU natives with the
   * profile. Skipped when the 486 MB jar was never downloaded (offline-safe) or mvn is missing.
   */
  @Test
  void mavenResolvesTheGpuNativesWithTheProfile(@TempDir Path dir) throws Exception {
    Path repo =
        Path.of(
            System.getProperty(
                "maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
    Path jar =
        repo.resolve(
            "org/tensorflow/tensorflow-core-native/1.0.0/tensorflow-core-native-1.0.0-"
                + GPU_CLASSIFIER
                + ".jar");
    assumeTrue(Files.exists(jar), "not in the local repository (skipped): " + jar);
    Path mvn = onPath("mvn");
    assumeTrue(mvn != null, "mvn is not on the PATH (skipped)");

    Path list = dir.resolve("dependencies.txt");
    Process p =
        new ProcessBuilder(
                mvn.toString(),
                "-B",
                "-o",
                "-q",
                "-Pgpu",
                "-Dmaven.repo.local=" + repo,
                "dependency:list",
                "-DincludeGroupIds=org.tensorflow",
                "-DoutputFile=" + list)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mvn.log").toFile())
            .start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "mvn dependency:list took over 5 minutes");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("mvn.log")));
    String resolved = Files.readString(list);
    assertTrue(
        resolved.contains("org.tensorflow:tensorflow-core-native:jar:" + GPU_CLASSIFIER + ":1.0.0"),
        resolved);
    assertFalse(
        resolved.contains("org.tensorflow:tensorflow-core-native:jar:linux-x86_64:"),
        "the CPU natives are still there: " + resolved);
  }

  private static Path onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    assertEquals(1, found.size(), "<" + name + "> in <" + parent.getTagName() + ">");
    return found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && e.getTagName().equals(name)) {
        found.add(e);
      }
    }
    return found;
  }

  private static String text(Element parent, String name) {
    return child(parent, name).getTextContent().trim();
  }
}
