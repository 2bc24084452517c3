package dev.jgan.runtime;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetRegisteredKernelsForOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.KernelDef;
import org.tensorflow.proto.KernelList;

/**
 * What the loaded TensorFlow library is and sees: its version, which native build JavaCPP loaded,
 * whether it has GPU kernels, and the devices a Session gets. TF-Java 1.0.0 has no device listing,
 * so this goes through the C API bindings it ships ({@code TF_SessionListDevices}).
 */
public final class NativeRuntime {
  /** A device of a Session, e.g. {@code /job:localhost/replica:0/task:0/device:GPU:0}. */
  public record Device(String name, String type, long memoryBytes) {
    public boolean isGpu() {
      return type.equals("GPU");
    }
  }

  /** The folder names of the native builds inside tensorflow-core-native's classifier jars. */
  public static final String CPU_CLASSIFIER = "linux-x86_64";

  public static final String GPU_CLASSIFIER = "linux-x86_64-gpu";

  private NativeRuntime() {}

  /** TensorFlow's version, e.g. 2.16.2; loads the native library on first use. */
  public static String tensorFlowVersion() {
    return TensorFlow.version();
  }

  /** TensorFlow Java's version, from its jar's Maven metadata. */
  public static String tensorFlowJavaVersion() {
    try (InputStream in =
        TensorFlow.class.getResourceAsStream(
            "/META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The native library files JavaCPP loaded, by library name (after loading them). */
  public static Map<String, String> loadedLibraries() {
    tensorFlowVersion();
    return Loader.getLoadedLibraries();
  }

  /** The file of TensorFlow's main native library, as loaded. */
  public static Optional<Path> tensorFlowLibrary() {
    return loadedLibraries().entrySet().stream()
        .filter(e -> e.getKey().startsWith("tensorflow_cc"))
        .map(e -> Path.of(e.getValue()))
        .findFirst();
  }

  /**
   * The tensorflow-core-native classifier the loaded library came from ({@value #CPU_CLASSIFIER} or
   * {@value #GPU_CLASSIFIER}): JavaCPP extracts each jar's libraries into a folder of that name.
   */
  public static String nativeClassifier() {
    return tensorFlowLibrary()
        .map(Path::getParent)
        .map(p -> p.getFileName().toString())
        .orElse("unknown");
  }

  /**
   * Whether the loaded library has GPU kernels, i.e. is a CUDA build: asks TensorFlow's kernel
   * registry for MatMul's kernels. Creates no device, so it is safe before the first Session.
   */
  public static boolean hasCudaKernels() {
    tensorFlowVersion();
    TF_Status status = TF_NewStatus();
    TF_Buffer buffer = null;
    try {
      buffer = TF_GetRegisteredKernelsForOp("MatMul", status);
      check(status, "listing MatMul's kernels");
      byte[] bytes = new byte[(int) buffer.length()];
      new BytePointer(buffer.data()).get(bytes);
      return KernelList.parseFrom(bytes).getKernelList().stream()
          .map(KernelDef::getDeviceType)
          .anyMatch("GPU"::equals);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("TensorFlow returned an unreadable kernel list", e);
    } finally {
      if (buffer != null) {
        TF_DeleteBuffer(buffer);
      }
      TF_DeleteStatus(status);
    }
  }

  /**
   * The devices a Session created with {@code config} gets (on an empty graph, closed at once).
   * This initializes TensorFlow's GPUs for the process, so use the process's own configuration (see
   * {@link SessionOptions}).
   *
   * @throws IllegalStateException with TensorFlow's message when the Session cannot be created
   */
  public static List<Device> listDevices(ConfigProto config) {
    tensorFlowVersion();
    TF_Status status = TF_NewStatus();
    TF_SessionOptions options = TF_NewSessionOptions();
    TF_Graph graph = TF_NewGraph();
    TF_Session session = null;
    try {
      byte[] bytes = config.toByteArray();
      TF_SetConfig(options, new BytePointer(bytes), bytes.length, status);
      check(status, "setting the session config");
      session = TF_NewSession(graph, options, status);
      check(status, "creating a session");
      TF_DeviceList list = TF_SessionListDevices(session, status);
      check(status, "listing devices");
      try {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < TF_DeviceListCount(list); i++) {
          String name = TF_DeviceListName(list, i, status).getString();
          String type = TF_DeviceListType(list, i, status).getString();
          long memory = TF_DeviceListMemoryBytes(list, i, status);
          check(status, "reading device " + i);
          devices.add(new Device(name, type, memory));
        }
        return devices;
      } finally {
        TF_DeleteDeviceList(list);
      }
    } finally {
      if (session != null) {
        TF_CloseSession(session, status);
        TF_DeleteSession(session, status);
      }
      TF_DeleteGraph(graph);
      TF_DeleteSessionOptions(options);
      TF_DeleteStatus(status);
    }
  }

  /** {@code gpu:N} names of the GPUs in {@code devices} (their TensorFlow numbers). */
  public static List<String> gpuNames(List<Device> devices) {
    return devices.stream()
        .filter(Device::isGpu)
        .map(d -> "gpu:" + d.name().substring(d.name().lastIndexOf(':') + 1))
        .toList();
  }

  private static void check(TF_Status status, String what) {
    if (TF_GetCode(status) != TF_OK) {
      throw new IllegalStateException(
          "TensorFlow failed " + what + ": " + TF_Message(status).getString());
    }
  }
}
