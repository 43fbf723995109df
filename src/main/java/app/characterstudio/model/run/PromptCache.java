package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

/**
 * The keys and values of the last prompts, kept under a memory cap, so that a regenerate, more candidates or a
 * retry with other sampling settings start decoding at once, and a prompt that begins like a cached one (the
 * template's head, the persona, the conversation so far) only reads its new tail. Entries are keyed by their
 * token ids; the least recently used go first. Causal attention makes the reuse exact: a position's keys and
 * values depend on the positions before it only.
 */
public final class PromptCache implements AutoCloseable {
    /** The share of the free memory at load time the cache may take by default. */
    static final double DEFAULT_SHARE_OF_FREE_MEMORY = 0.25;

    private final NDManager manager;
    private final long capacityBytes;
    private final LinkedList<Entry> entries = new LinkedList<>(); // most recently used first
    private long usedBytes;

    /** How much of a prompt a cached entry covers; {@code positions} is 0 when nothing matched. */
    record Hit(Entry entry, int positions) {
        static final Hit NONE = new Hit(null, 0);

        /** The entry holds exactly this prompt, so its last logits stand in for a prefill. */
        boolean whole(int promptLength) {
            return entry != null && positions == promptLength && entry.ids.length == promptLength;
        }
    }

    static final class Entry {
        private final int[] ids;
        private final NDManager arrays;
        private final NDArray[] keys;   // per layer [1, kvHeads, ids.length, headDim]
        private final NDArray[] values;
        private final float[] lastLogits;
        private final long bytes;

        private Entry(int[] ids, NDManager arrays, NDArray[] keys, NDArray[] values, float[] lastLogits, long bytes) {
            this.ids = ids;
            this.arrays = arrays;
            this.keys = keys;
            this.values = values;
            this.lastLogits = lastLogits;
            this.bytes = bytes;
        }

        float[] lastLogits() {
            return lastLogits.clone();
        }
    }

    /** Figures for the model panel. */
    public record Usage(int prompts, long usedBytes, long capacityBytes) {
    }

    PromptCache(NDManager parent, long capacityBytes) {
        this.manager = parent.newSubManager();
        this.capacityBytes = Math.max(0, capacityBytes);
    }

    /**
     * The default cap: {@code -Dcharacterstudio.promptCacheMiB} when set, else a quarter of the memory free now
     * (the weights are already loaded): the GPU's on a GPU, the machine's on the CPU.
     */
    static long defaultCapacityBytes(DeviceChoice device) {
        String mib = System.getProperty("characterstudio.promptCacheMiB");
        if (mib != null && !mib.isBlank()) {
            try {
                return Long.parseLong(mib.trim()) << 20;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("characterstudio.promptCacheMiB must be a whole number of MiB, "
                        + "got '" + mib + "'", e);
            }
        }
        if (device.isGpu()) {
            try {
                MemoryUsage gpu = CudaUtils.getGpuMemory(device.device());
                return (long) ((gpu.getMax() - gpu.getUsed()) * DEFAULT_SHARE_OF_FREE_MEMORY);
            } catch (RuntimeException e) {
                return 0; // no figure: keep nothing rather than risk the GPU's memory
            }
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return (long) (os.getFreeMemorySize() * DEFAULT_SHARE_OF_FREE_MEMORY);
        }
        return 0;
    }

    public synchronized Usage usage() {
        return new Usage(entries.size(), usedBytes, capacityBytes);
    }

    /** The entry sharing the longest beginning with {@code ids}, and how many positions it covers. */
    synchronized Hit longestPrefix(int[] ids) {
        Entry best = null;
        int longest = 0;
        for (Entry entry : entries) {
            int common = Arrays.mismatch(entry.ids, ids);
            common = common < 0 ? ids.length : common;
            if (common > longest) {
                longest = common;
                best = entry;
            }
        }
        if (best != null) {
            entries.remove(best);
            entries.addFirst(best);
        }
        return best == null ? Hit.NONE : new Hit(best, longest);
    }

    /** Writes the first {@code positions} keys and values of {@code hit} into every live row of {@code cache}. */
    synchronized void restore(Hit hit, KvCache cache, int positions) {
        if (positions <= 0) {
            return;
        }
        if (positions > hit.positions() || !entries.contains(hit.entry())) {
            throw new IllegalStateException("the cached prompt no longer covers " + positions + " positions");
        }
        Entry entry = hit.entry();
        try (NDManager views = manager.newSubManager()) {
            for (int layer = 0; layer < entry.keys.length; layer++) {
                NDArray k = entry.keys[layer];
                NDArray v = entry.values[layer];
                if (positions < entry.ids.length) {
                    k = k.get(views, new NDIndex(":, :, :{}", positions));
                    v = v.get(views, new NDIndex(":, :, :{}", positions));
                }
                cache.write(layer, 0, k, v);
            }
        }
    }

    /**
     * Keeps the keys and values of {@code ids} (row 0 of {@code cache}, positions 0..ids.length-1) with the logits
     * after its last token. Entries whose prompt is a beginning of this one are dropped (this one covers them);
     * the least recently used go until the cache fits its cap. A prompt larger than the cap is not kept.
     */
    synchronized void store(int[] ids, KvCache cache, float[] lastLogits) {
        long bytes = cache.bytesPerPosition() * ids.length;
        if (bytes > capacityBytes) {
            return;
        }
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.ids.length <= ids.length
                    && Arrays.equals(entry.ids, 0, entry.ids.length, ids, 0, entry.ids.length)) {
                it.remove();
                drop(entry);
            }
        }
        while (usedBytes + bytes > capacityBytes && !entries.isEmpty()) {
            drop(entries.removeLast());
        }
        NDManager arrays = manager.newSubManager();
        int layers = cache.layers();
        NDArray[] keys = new NDArray[layers];
        NDArray[] values = new NDArray[layers];
        try (NDManager views = manager.newSubManager()) {
            for (int layer = 0; layer < layers; layer++) {
                keys[layer] = copy(cache.keys(views, layer, ids.length, 1), arrays);
                values[layer] = copy(cache.values(views, layer, ids.length, 1), arrays);
            }
        }
        entries.addFirst(new Entry(ids.clone(), arrays, keys, values, lastLogits.clone(), bytes));
        usedBytes += bytes;
    }

    private static NDArray copy(NDArray view, NDManager owner) {
        NDArray copy = view.duplicate();
        copy.attach(owner);
        return copy;
    }

    private void drop(Entry entry) {
        usedBytes -= entry.bytes;
        entry.arrays.close();
    }

    /** Frees every entry (the model panel's "clear", and before the model goes). */
    public synchronized void clear() {
        List<Entry> all = new ArrayList<>(entries);
        entries.clear();
        all.forEach(this::drop);
    }

    @Override
    public synchronized void close() {
        clear();
        manager.close();
    }
}
