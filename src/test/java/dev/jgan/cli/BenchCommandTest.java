package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tiny bench run proves the instrument works; the figures themselves are not checked. */
class BenchCommandTest {
  @Test
  void printsOneJsonLinePerResultThenATable() throws Exception {
    TrainCommandTest.Captured c =
        TrainCommandTest.run(
            "bench",
            "--cases",
            "matmul,mlp",
            "--batch-size",
            "8",
            "--warmup",
            "1",
            "--windows",
            "3",
            "--steps",
            "2",
            "--generate-batch",
            "4",
            "--profile",
            "1");
    assertEquals(0, c.exit(), c.err());
    List<String> json = c.out().lines().filter(l -> l.startsWith("{")).toList();
    assertEquals(3, json.size(), c.out());
    JsonNode peak = new ObjectMapper().readTree(json.get(0));
    JsonNode train = new ObjectMapper().readTree(json.get(1));
    JsonNode generate = new ObjectMapper().readTree(json.get(2));
    assertEquals("matmul", peak.get("case").asText());
    assertTrue(peak.get("gflops_median").asDouble() > 0, json.get(0));
    // The step's arithmetic (StepFlopsTest checks the count) and its rate against the peak.
    assertTrue(train.get("gflop_per_step").asDouble() > 0, train.toString());
    double ofPeak = train.get("of_matmul_peak").asDouble();
    assertTrue(ofPeak > 0, train.toString());
    assertEquals("alternating", train.get("update").asText());
    assertEquals("mlp", train.get("case").asText());
    assertEquals("train", train.get("kind").asText());
    assertEquals(8, train.get("batch_size").asInt());
    assertEquals(3, train.get("windows").size());
    double median = train.get("images_per_sec_median").asDouble();
    assertTrue(median > 0, train.toString());
    assertTrue(
        train.get("images_per_sec_min").asDouble() <= median
            && median <= train.get("images_per_sec_max").asDouble(),
        train.toString());
    double outside = train.get("outside_session_run").asDouble();
    assertTrue(outside > 0 && outside < 1, "a share of the wall time: " + outside);
    assertTrue(train.get("peak_rss_mb").asLong() > 0, train.toString());
    // The MLP's step is matrix multiplies: the profile must find them.
    // (oneDNN's kernels carry their own names, e.g. _MklMatMul.)
    List<String> ops = new java.util.ArrayList<>();
    train.get("op_share").fieldNames().forEachRemaining(ops::add);
    assertTrue(ops.stream().anyMatch(op -> op.contains("MatMul")), train.toString());
    assertTrue(c.out().contains("where mlp's training step spends its op time"), c.out());
    // Two runs of a few dozen ops each: every layer's forward, backward and Adam ops at least.
    assertTrue(train.get("ops_per_step").asLong() > 40, train.toString());
    assertEquals("generate", generate.get("kind").asText());
    assertEquals(4, generate.get("batch_size").asInt());
    assertTrue(c.out().contains("case      kind"), c.out());
    assertTrue(c.out().contains("float32 MatMul peak (2048 x 2048): "), c.out());
  }

  /**
   * The yardstick trains its own graph, in either layout: one result line each, training only (it
   * exports nothing).
   */
  @Test
  void thePlainGraphYardstickRunsAtTheAskedBatchInBothLayouts() throws Exception {
    TrainCommandTest.Captured c =
        TrainCommandTest.run(
            "bench",
            "--cases",
            "dcgan-plain,dcgan-plain-nchw",
            "--batch-size",
            "8",
            "--warmup",
            "1",
            "--windows",
            "2",
            "--steps",
            "1");
    assertEquals(0, c.exit(), c.err());
    List<String> json = c.out().lines().filter(l -> l.startsWith("{")).toList();
    assertEquals(2, json.size(), c.out());
    List<String> names = List.of("dcgan-plain", "dcgan-plain-nchw");
    for (int i = 0; i < 2; i++) {
      JsonNode plain = new ObjectMapper().readTree(json.get(i));
      assertEquals(names.get(i), plain.get("case").asText());
      assertEquals("train", plain.get("kind").asText());
      assertEquals(8, plain.get("batch_size").asInt());
      assertEquals(2, plain.get("windows").size());
      assertTrue(plain.get("images_per_sec_median").asDouble() > 0, plain.toString());
    }
  }

  @Test
  void anUnknownCaseIsBadInput() {
    TrainCommandTest.Captured c = TrainCommandTest.run("bench", "--cases", "resnet");
    assertEquals(2, c.exit());
    assertTrue(c.err().contains("unknown bench case 'resnet'"), c.err());
  }
}
