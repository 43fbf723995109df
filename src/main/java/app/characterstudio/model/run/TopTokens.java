package app.characterstudio.model.run;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Indices of the highest scores, best first. */
final class TopTokens {
    private TopTokens() {
    }

    /** The {@code k} best indices (all when k is 0 or more than there are), by descending score. */
    static int[] indicesByScore(float[] scores, int k) {
        if (k <= 0 || k >= scores.length) {
            return IntStream.range(0, scores.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
                    .mapToInt(Integer::intValue).toArray();
        }
        int[] best = new int[k];
        int size = 0;
        for (int i = 0; i < scores.length; i++) {
            if (size < k) {
                best[size++] = i;
                siftUp(best, size - 1, scores);
            } else if (scores[i] > scores[best[0]]) {
                best[0] = i;
                siftDown(best, k, scores);
            }
        }
        Integer[] boxed = Arrays.stream(best).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.comparingDouble((Integer i) -> scores[i]).reversed()
                .thenComparingInt(i -> i));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    // a min-heap on score, so the weakest of the k best sits at the root
    private static void siftUp(int[] heap, int index, float[] scores) {
        while (index > 0) {
            int parent = (index - 1) / 2;
            if (scores[heap[index]] >= scores[heap[parent]]) {
                return;
            }
            swap(heap, index, parent);
            index = parent;
        }
    }

    private static void siftDown(int[] heap, int size, float[] scores) {
        int index = 0;
        while (true) {
            int left = 2 * index + 1;
            int smallest = index;
            if (left < size && scores[heap[left]] < scores[heap[smallest]]) {
                smallest = left;
            }
            if (left + 1 < size && scores[heap[left + 1]] < scores[heap[smallest]]) {
                smallest = left + 1;
            }
            if (smallest == index) {
                return;
            }
            swap(heap, index, smallest);
            index = smallest;
        }
    }

    private static void swap(int[] heap, int a, int b) {
        int tmp = heap[a];
        heap[a] = heap[b];
        heap[b] = tmp;
    }
}
