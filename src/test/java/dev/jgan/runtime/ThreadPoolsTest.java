package dev.jgan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import dev.jgan.config.ModelKind;
import org.junit.jupiter.api.Test;

class ThreadPoolsTest {
  private static final SessionOptions CPU = new SessionOptions(DevicePlan.cpu("test"), false);

  private static String threads(SessionOptions options) {
    return options.intraOpThreads() + "/" + options.interOpThreads();
  }

  @Test
  void theMlpOnOneCpuTrainsOnOneThreadOfEachPool() {
    assertEquals("1/1", threads(ThreadPools.choose(CPU, ModelKind.MLP, null, null)));
  }

  @Test
  void convolutionalModelsKeepTensorFlowsDefault() {
    assertEquals("0/0", threads(ThreadPools.choose(CPU, ModelKind.DCGAN, null, null)));
    assertEquals("0/0", threads(ThreadPools.choose(CPU, ModelKind.DCGAN_BN, null, null)));
  }

  @Test
  void theMlpDefaultIsOnlyForASingleCpu() {
    SessionOptions gpu = new SessionOptions(DevicePlan.gpu(0, "test"), false);
    assertEquals("0/0", threads(ThreadPools.choose(gpu, ModelKind.MLP, null, null)));
    SessionOptions towers = CPU.withTowers(TowerDevices.virtualCpus(2));
    assertEquals("0/0", threads(ThreadPools.choose(towers, ModelKind.MLP, null, null)));
    SessionOptions unplaced = new SessionOptions(DevicePlan.tensorFlowDefault(), false);
    assertEquals("0/0", threads(ThreadPools.choose(unplaced, ModelKind.MLP, null, null)));
    assertEquals("0/0", threads(ThreadPools.choose(CPU, null, null, null)));
  }

  @Test
  void askedCountsWinAndAnUnaskedPoolKeepsTensorFlowsDefault() {
    assertEquals("3/0", threads(ThreadPools.choose(CPU, ModelKind.MLP, 3, null)));
    assertEquals("0/2", threads(ThreadPools.choose(CPU, ModelKind.DCGAN, null, 2)));
    assertEquals("4/4", threads(ThreadPools.choose(CPU, ModelKind.DCGAN_BN, 4, 4)));
  }

  @Test
  void aNegativeCountIsBadInputNamingIt() {
    BadInputException e =
        assertThrows(
            BadInputException.class, () -> ThreadPools.choose(CPU, ModelKind.MLP, -1, null));
    assertTrue(e.getMessage().contains("--intra-threads -1"), e.getMessage());
  }
}
