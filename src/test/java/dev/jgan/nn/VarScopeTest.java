package dev.jgan.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class VarScopeTest {
  @Test
  void reusingScopeReturnsTheSameVariable() {
    try (Graph g = new Graph()) {
      VariableStore store = new VariableStore(Ops.create(g), 1);
      VarScope d = store.root().child("discriminator").child("dense_1");
      Operand<TFloat32> created = d.variable("kernel", Shape.of(3, 2), Initializer.zeros());
      Operand<TFloat32> reused =
          store
              .root()
              .child("discriminator")
              .reusing()
              .child("dense_1")
              .variable("kernel", Shape.of(3, 2), Initializer.zeros());
      assertSame(created, reused);
      assertEquals("discriminator/dense_1/kernel", created.op().name());
      assertEquals(1, store.all().size());
    }
  }

  @Test
  void creatingAnExistingVariableIsAnErrorNamingIt() {
    try (Graph g = new Graph()) {
      VariableStore store = new VariableStore(Ops.create(g), 1);
      store.root().child("d").variable("kernel", Shape.of(2), Initializer.zeros());
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> store.root().child("d").variable("kernel", Shape.of(2), Initializer.zeros()));
      assertTrue(e.getMessage().contains("d/kernel already exists"), e.getMessage());
    }
  }

  @Test
  void reusingAMissingVariableIsAnErrorNamingIt() {
    try (Graph g = new Graph()) {
      VariableStore store = new VariableStore(Ops.create(g), 1);
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  store
                      .root()
                      .child("d")
                      .reusing()
                      .variable("bias", Shape.of(2), Initializer.zeros()));
      assertTrue(e.getMessage().contains("d/bias does not exist"), e.getMessage());
    }
  }

  @Test
  void reusingWithAnotherShapeIsAnError() {
    try (Graph g = new Graph()) {
      VariableStore store = new VariableStore(Ops.create(g), 1);
      store.root().variable("w", Shape.of(2), Initializer.zeros());
      assertThrows(
          IllegalStateException.class,
          () -> store.root().reusing().variable("w", Shape.of(3), Initializer.zeros()));
    }
  }
}
