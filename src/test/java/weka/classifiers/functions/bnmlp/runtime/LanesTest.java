package weka.classifiers.functions.bnmlp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The thread team runs every piece exactly once, lets idle workers go, surfaces a piece's failure, and shares work out fully. */
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
  @Timeout(30) // without the caller taking over, the first task would never finish
  void theCallerRunsThePiecesOfWorkersThatNeverCome() {
    // a worker waiting for a core (behind the JIT compiler) is as late as one that never starts
    Thread caller = Thread.currentThread();
    for (int parts : new int[] {2, 3}) {
      Lanes team = new Lanes(parts, false);
      AtomicIntegerArray runs = new AtomicIntegerArray(parts);
      for (int call = 0; call < 200; call++) {
        team.run((part, count) -> {
          assertSame(caller, Thread.currentThread());
          runs.incrementAndGet(part);
        });
      }
      for (int p = 0; p < parts; p++) {
        assertEquals(200, runs.get(p), "piece " + p + " of " + parts);
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

  @Test
  void idleWorkersExitAndTheTeamRestartsOnDemandOrAfterShutdown() throws Exception {
    int parts = 3;
    Nd4jRuntime.threadKeepAlive(50); // read by a worker when it goes idle
    try {
      Thread first = workerOfPart(parts, 1);
      first.join(10_000); // idle for longer than the keep-alive: the worker exits
      assertFalse(first.isAlive(), "an idle worker exits");
      assertNull(Lanes.of(parts).workers()[0], "and leaves its slot empty");
      Thread second = workerOfPart(parts, 1); // the next task starts a new one
      assertNotSame(first, second);
      assertEveryPieceRuns(parts);
    } finally {
      Nd4jRuntime.threadKeepAlive(60_000);
    }
    Thread beforeShutdown = workerOfPart(parts, 2);
    Nd4jRuntime.shutdownThreads();
    assertFalse(beforeShutdown.isAlive(), "shutdown waits for the workers to exit");
    for (Thread worker : Lanes.of(parts).workers()) {
      assertNull(worker);
    }
    assertEveryPieceRuns(parts); // the team still works afterwards
    assertNotSame(beforeShutdown, workerOfPart(parts, 2));
  }

  /** The worker whose own piece is {@code part}, on the team of {@code parts}, after a task (which starts it if needed). */
  private static Thread workerOfPart(int parts, int part) {
    Lanes.of(parts).run((p, count) -> { });
    Thread worker = Lanes.of(parts).workers()[part - 1];
    assertTrue(worker.isAlive());
    return worker;
  }

  private static void assertEveryPieceRuns(int parts) {
    AtomicIntegerArray runs = new AtomicIntegerArray(parts);
    for (int call = 0; call < 100; call++) {
      Lanes.of(parts).run((part, count) -> runs.incrementAndGet(part));
    }
    for (int p = 0; p < parts; p++) {
      assertEquals(100, runs.get(p), "piece " + p);
    }
  }
}
