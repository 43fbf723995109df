package app.characterstudio.export;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Removes duplicate records, keeping the first in the stable record order.
 * <ul>
 *   <li>exact: same character, history, user turn, chosen and rejected texts, character for character;</li>
 *   <li>near: within one character, the final user turn with its replies, normalised (NFKC, lower case,
 *       only letters and digits), has a character 5-gram Jaccard similarity of at least 0.9 with a kept
 *       record. Candidates are found by MinHash (100 hashes in 10 bands of 10, fixed seeds: a pair at
 *       0.9 shares a band with probability 0.986, a pair at 0.7 with 0.25) and then checked with the
 *       exact Jaccard, newest bucket entries first and at most 64 distinct records per record, so the
 *       result is deterministic, has no false positives, and stays fast on templated text.</li>
 * </ul>
 * History is left out of the near text on purpose: later turns of one conversation share a long
 * history and would otherwise look alike.
 */
public final class Deduplicator {
    static final double NEAR_THRESHOLD = 0.9;
    private static final int SHINGLE = 5;
    private static final int BANDS = 10;
    private static final int ROWS = 10;
    /** At most this many distinct earlier records are compared with one record (bounds templated data). */
    private static final int MAX_COMPARISONS = 64;
    private static final long[] SEEDS = seeds(BANDS * ROWS, 0x5EED_CAFE_F00DL);
    private static final long[] MULTIPLIERS = odd(seeds(BANDS * ROWS, 0x0DD_BA11L));

    private Deduplicator() {
    }

    public static List<ExportRecord> apply(List<ExportRecord> records, ExportOptions.Dedup mode) {
        return switch (mode) {
            case NONE -> records;
            case EXACT -> exact(records);
            case NEAR -> near(records);
        };
    }

    static List<ExportRecord> exact(List<ExportRecord> records) {
        Set<List<Object>> seen = new HashSet<>();
        List<ExportRecord> kept = new ArrayList<>(records.size());
        for (ExportRecord record : records) {
            if (seen.add(List.of(record.characterId(), record.history(), record.userText(),
                    String.valueOf(record.chosen()), record.rejected()))) {
                kept.add(record);
            }
        }
        return kept;
    }

    static List<ExportRecord> near(List<ExportRecord> records) {
        Map<String, List<Map<Long, List<Kept>>>> bucketsByCharacter = new HashMap<>();
        List<ExportRecord> kept = new ArrayList<>(records.size());
        long[] keys = new long[BANDS];
        for (ExportRecord record : records) {
            int[] shingles = shingles(normalise(nearText(record)));
            long[] signature = signature(shingles);
            for (int band = 0; band < BANDS; band++) {
                long key = band;
                for (int row = band * ROWS; row < band * ROWS + ROWS; row++) {
                    key = mix(key * 31 + signature[row]);
                }
                keys[band] = key;
            }
            List<Map<Long, List<Kept>>> buckets = bucketsByCharacter.computeIfAbsent(record.characterId(), k -> {
                List<Map<Long, List<Kept>>> bands = new ArrayList<>(BANDS);
                for (int band = 0; band < BANDS; band++) {
                    bands.add(new HashMap<>());
                }
                return bands;
            });
            if (!nearDuplicate(shingles, keys, buckets)) {
                Kept entry = new Kept(kept.size(), shingles);
                kept.add(record);
                for (int band = 0; band < BANDS; band++) {
                    buckets.get(band).computeIfAbsent(keys[band], k -> new ArrayList<>(1)).add(entry);
                }
            }
        }
        return kept;
    }

    private record Kept(int index, int[] shingles) {
    }

    /** Buckets are per character and per band; a 64-bit key collision only costs an extra exact check. */
    private static boolean nearDuplicate(int[] shingles, long[] keys, List<Map<Long, List<Kept>>> buckets) {
        Set<Integer> compared = new HashSet<>();
        for (int band = 0; band < BANDS; band++) {
            List<Kept> bucket = buckets.get(band).getOrDefault(keys[band], List.of());
            for (int i = bucket.size() - 1; i >= 0; i--) {
                Kept other = bucket.get(i);
                if (!compared.add(other.index())) {
                    continue;
                }
                if (jaccard(shingles, other.shingles()) >= NEAR_THRESHOLD) {
                    return true;
                }
                if (compared.size() >= MAX_COMPARISONS) {
                    return false;
                }
            }
        }
        return false;
    }

    static String nearText(ExportRecord record) {
        return record.userText() + '\u0001' + (record.chosen() == null ? "" : record.chosen()) + '\u0001'
                + String.join("\u0001", record.rejected());
    }

    /** NFKC, lower case, letters and digits only (punctuation and spacing carry no content here). */
    static String normalise(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(folded.length());
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    /** Sorted distinct hashes of the character 5-grams (the whole text when shorter). */
    static int[] shingles(String text) {
        int[] points = text.codePoints().toArray();
        if (points.length < SHINGLE) {
            return new int[] {Arrays.hashCode(points)};
        }
        int[] hashes = new int[points.length - SHINGLE + 1];
        for (int i = 0; i < hashes.length; i++) {
            int hash = 1;
            for (int j = i; j < i + SHINGLE; j++) {
                hash = 31 * hash + points[j];
            }
            hashes[i] = hash;
        }
        return Arrays.stream(hashes).sorted().distinct().toArray();
    }

    static double jaccard(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / (a.length + b.length - common);
    }

    private static long[] signature(int[] shingles) {
        long[] signature = new long[SEEDS.length];
        Arrays.fill(signature, Long.MAX_VALUE);
        for (int shingle : shingles) {
            long mixed = mix(shingle);
            // one well-mixed hash per shingle, then a cheap odd-multiplier permutation per MinHash row
            for (int h = 0; h < SEEDS.length; h++) {
                long value = (mixed ^ SEEDS[h]) * MULTIPLIERS[h];
                if (value < signature[h]) {
                    signature[h] = value;
                }
            }
        }
        return signature;
    }

    /** SplitMix64's finaliser: a good 64-bit mix, the same on every machine. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long[] odd(long[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] |= 1L;
        }
        return values;
    }

    private static long[] seeds(int count, long start) {
        long[] seeds = new long[count];
        long state = start;
        for (int i = 0; i < count; i++) {
            state += 0x9e3779b97f4a7c15L;
            seeds[i] = mix(state);
        }
        return seeds;
    }
}
