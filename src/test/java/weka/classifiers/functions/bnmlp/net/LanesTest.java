package weka.classifiers.functions.bnmlp.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** The thread team runs every piece exactly once, surfaces a piece's failure, and shares work out fully. */
class LanesTest {

  @Test
  void everyPieceRunsOnceAndTheCallWaitsForAll() {
    for (int parts : new int[] {1, 2, 3}) {
      AtomicIntegerArray runs = new AtomicIntegerArray(parts);
      for (int call = 0; call < 1000; call++) {
        Lanes.of(parts).run((part, count) -> {
          assertEquals(parts, count);
          runs.incrementAndGet(part);
        });
      }
      for (int p = 0; p < parts; p++) {
        assertEquals(1000, runs.get(p), "piece " + p + " of " + parts);
      }
    }
  }

  @Test
  void aFailureInAWorkersPieceIsThrownToTheCaller() {
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Lanes.of(2).run((part, count) -> {
      if (part == 1) {
        throw new IllegalStateException("piece 1 failed");
      }
    }));
    assertEquals("piece 1 failed", thrown.getMessage());
    Lanes.of(2).run((part, count) -> { }); // and the team still works afterwards
  }

  @Test
  void sharesCoverTheRangeWithoutGapsOrOverlapAndKeepTheAlignment() {
    for (int total : new int[] {0, 1, 9, 16, 33, 40, 256, 1000}) {
      for (int parts = 1; parts <= 4; parts++) {
        for (int align : new int[] {1, 16}) {
          assertEquals(0, Lanes.start(total, 0, parts, align));
          assertEquals(total, Lanes.start(total, parts, parts, align));
          for (int p = 1; p < parts; p++) {
            int start = Lanes.start(total, p, parts, align);
            assertTrue(start >= Lanes.start(total, p - 1, parts, align), "shares in order");
            assertTrue(start == total || start % align == 0, "aligned share start " + start);
          }
        }
      }
    }
  }
}
