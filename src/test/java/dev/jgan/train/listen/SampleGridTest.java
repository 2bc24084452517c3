package dev.jgan.train.listen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SampleGridTest {
  @Test
  void conditionalGridsShowEveryClassUpToTwentyRowsThenSpreadThem() {
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, SampleGrid.rowClasses(10));
    assertArrayEquals(new int[] {0, 1}, SampleGrid.rowClasses(2));
    assertEquals(20, SampleGrid.rowClasses(20).length);
    int[] many = SampleGrid.rowClasses(100);
    assertEquals(SampleGrid.MAX_CLASS_ROWS, many.length);
    for (int r = 0; r < many.length; r++) {
      assertEquals(5 * r, many[r], "every fifth class of 100");
    }
    int[] odd = SampleGrid.rowClasses(25);
    assertEquals(20, odd.length);
    assertEquals(0, odd[0]);
    assertEquals(23, odd[19]); // 19 * 25 / 20
    for (int r = 1; r < odd.length; r++) {
      assertEquals(true, odd[r] > odd[r - 1], "distinct, increasing classes");
    }
  }
}
