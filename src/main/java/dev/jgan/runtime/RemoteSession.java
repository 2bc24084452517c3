package dev.jgan.runtime;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * A {@link Session} on a TensorFlow gRPC master ({@code grpc://host:port}) instead of in this
 * process.
 *
 * <p>Why this class: TF-Java 1.0.0's {@code Session} has no way to take a target
 * (tensorflow/java#369: its private {@code allocate} passes none). So the native session is opened
 * through TF-Java's own C-API bindings ({@code TF_SetTarget} on the session options, then {@code
 * TF_NewSession}) and wrapped by {@code Session}'s package-private {@code (Graph, TF_Session)}
 * constructor, the one {@code SavedModelBundle} uses; both package-private members are reached by
 * reflection. When TF-Java gains a target parameter, replace {@link #open} by it; {@code
 * RemoteSessionTest} pins the behaviour. That constructor does not run initializers by itself, so
 * {@link #open} runs them ({@code Session.initialize}).
 */
public final class RemoteSession {
  /** The scheme TensorFlow's session factory needs to pick its gRPC session. */
  public static final String SCHEME = "grpc://";

  private RemoteSession() {}

  /**
   * Opens a session on {@code graph} at the master {@code target} ("grpc://host:port"), with {@code
   * config}, its initializers run.
   */
  public static Session open(Graph graph, String target, ConfigProto config) {
    if (!target.startsWith(SCHEME)) {
      throw new IllegalArgumentException("a session target starts with " + SCHEME + ": " + target);
    }
    TF_Status status = TF_NewStatus();
    TF_SessionOptions options = TF_NewSessionOptions();
    try (AutoCloseable reference = graphReference(graph)) {
      TF_SetTarget(options, target);
      byte[] bytes = config.toByteArray();
      TF_SetConfig(options, new BytePointer(bytes), bytes.length, status);
      check(status, "setting the session config");
      TF_Session native_ = TF_NewSession(nativeGraph(reference), options, status);
      check(status, "opening a session on " + target);
      Session session = wrap(graph, native_);
      session.initialize();
      return session;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "TF-Java's Session internals changed (see RemoteSession's comment): " + e, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      TF_DeleteSessionOptions(options);
      TF_DeleteStatus(status);
    }
  }

  /** {@code graph.ref()}: keeps the native graph alive while the session is created. */
  private static AutoCloseable graphReference(Graph graph) throws ReflectiveOperationException {
    Method ref = Graph.class.getDeclaredMethod("ref");
    ref.setAccessible(true);
    return (AutoCloseable) ref.invoke(graph);
  }

  private static TF_Graph nativeGraph(AutoCloseable reference) throws ReflectiveOperationException {
    Method handle = reference.getClass().getDeclaredMethod("nativeHandle");
    handle.setAccessible(true);
    return (TF_Graph) handle.invoke(reference);
  }

  private static Session wrap(Graph graph, TF_Session session) throws ReflectiveOperationException {
    Constructor<Session> constructor =
        Session.class.getDeclaredConstructor(Graph.class, TF_Session.class);
    constructor.setAccessible(true);
    return constructor.newInstance(graph, session);
  }

  private static void check(TF_Status status, String what) {
    if (TF_GetCode(status) != TF_OK) {
      throw new IllegalStateException(
          "TensorFlow failed " + what + ": " + TF_Message(status).getString());
    }
  }
}
