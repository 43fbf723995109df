package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import app.characterstudio.OfflineMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KvCacheTest {
    @BeforeAll
    static void offline() {
        OfflineMode.enforce();
    }

    @Test
    void keepingRowsMovesThemToTheFrontAndLaterWritesCoverOnlyThem() {
        try (NDManager manager = NDManager.newBaseManager(); KvCache cache = new KvCache(manager, 2, 3, 1, 4, 2,
                Precision.FP32); NDManager step = manager.newSubManager()) {
            // row r holds r+1 at positions 0..1 of every layer
            NDArray rows = step.create(new float[] {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}, new Shape(3, 1, 2, 2));
            for (int layer = 0; layer < 2; layer++) {
                cache.write(layer, 0, rows, rows.mul(10));
            }
            cache.keepRows(new int[] {0, 2}, 2);
            assertEquals(2, cache.liveRows());
            NDArray next = step.create(new float[] {7, 7, 8, 8}, new Shape(2, 1, 1, 2));
            cache.write(1, 2, next, next);
            assertArrayEquals(new float[] {1, 1, 1, 1, 7, 7, 3, 3, 3, 3, 8, 8},
                    cache.keys(step, 1, 3, 2).toFloatArray());
            assertArrayEquals(new float[] {30, 30, 30, 30}, cache.values(step, 0, 2, 2).get("1").toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> cache.keepRows(new int[] {1, 0}, 2));
        }
    }
}
