package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import app.characterstudio.OfflineMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RowBlockLinearTest {
    @BeforeAll
    static void offline() {
        OfflineMode.enforce();
    }

    @Test
    void rowBlocksOnThreadsGiveTheProductOfTheWholeWeight() {
        try (NDManager manager = NDManager.newBaseManager(); RowBlockLinear blocks = new RowBlockLinear(3)) {
            manager.getEngine().setRandomSeed(5);
            // 1001 rows: the three blocks are uneven; large enough to be split
            NDArray weight = manager.randomNormal(new Shape(1001, 1100));
            NDArray bias = manager.randomNormal(new Shape(1001));
            for (Shape input : new Shape[] {new Shape(1, 1, 1100), new Shape(2, 1, 1100), new Shape(4, 1, 1100)}) {
                NDArray x = manager.randomNormal(input);
                NDArray whole = Linear.linear(x, weight, bias).singletonOrThrow();
                NDArray split = blocks.apply(x, weight, bias);
                assertEquals(whole.getShape(), split.getShape());
                float[] expected = whole.toFloatArray();
                float[] actual = split.toFloatArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-3, "element " + i + " of " + input);
                }
            }
            NDArray x = manager.randomNormal(new Shape(1, 1100));
            assertArrayEquals(Linear.linear(x, weight, null).singletonOrThrow().toFloatArray(),
                    blocks.apply(x, weight, null).toFloatArray(), 1e-3f);
        }
    }
}
