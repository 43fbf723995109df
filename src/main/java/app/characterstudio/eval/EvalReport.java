package app.characterstudio.eval;

import app.characterstudio.store.EvalRepository.ItemRow;
import app.characterstudio.store.EvalRepository.RatingRow;
import app.characterstudio.store.EvalRepository.RunRow;
import app.characterstudio.store.EvalRepository.ScoreRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run's scores summed up: per metric and per character the mean with its 95% interval and count; the three
 * CharacterEval groups (the mean of their metrics' means), each character's mean per metric (the heat map) and the average of all metric means; with a second run of
 * the same set, each metric's paired difference (second minus first, over the items both scored) with a paired t-test.
 *
 * @param scorer the reward-model scorer the metric rows come from (null when the run has no RM scores)
 */
public record EvalReport(RunRow run, RunRow compared, String scorer, List<Row> metrics, List<Row> groups, Row average,
                         List<Row> characters, List<Row> reference, List<Row> human, List<Changed> changed,
                         List<Cell> characterMetrics) {
    /** How many of the items that changed most a report lists. */
    public static final int CHANGED_SHOWN = 10;

    /** One line of the report; {@code second} and {@code paired} are null without a second run. */
    public record Row(String name, Stats.Mean first, Stats.Mean second, Stats.Paired paired) {
    }

    /** One square of the characters × metrics map: the run's mean of {@code metric} over the character's items. */
    public record Cell(String character, String metric, Stats.Mean mean) {
    }

    /** An item's mean score over the metrics both runs scored, in each run, and the difference (second - first). */
    public record Changed(ItemRow item, double first, double second, double difference) {
    }

    static EvalReport of(RunRow run, RunRow compared, List<ItemRow> items, List<ScoreRow> scores, List<RatingRow> ratings,
                         List<ScoreRow> secondScores, List<RatingRow> secondRatings, String rmScorer) {
        String scorer = rewardScorer(scores, rmScorer);
        Map<Long, ItemRow> byId = new HashMap<>();
        items.forEach(i -> byId.put(i.id(), i));
        Map<String, Double> a = keyed(scores, scorer);
        Map<String, Double> b = compared == null ? null : keyed(secondScores, scorer);
        // metric rows, CharacterEval's order first, then any other metric in the set
        Set<String> names = new LinkedHashSet<>();
        Metric.CHARACTER_EVAL.forEach(m -> names.add(m.en()));
        Set<String> present = new TreeSet<>();
        a.keySet().forEach(k -> present.add(k.substring(k.indexOf('\n') + 1)));
        List<String> ordered = new ArrayList<>();
        names.stream().filter(present::contains).forEach(ordered::add);
        present.stream().filter(n -> !names.contains(n)).forEach(ordered::add);
        List<Row> metrics = new ArrayList<>();
        for (String metric : ordered) {
            metrics.add(row(metric, a, b, k -> k.endsWith("\n" + metric)));
        }
        List<Row> groups = new ArrayList<>();
        for (Metric.Group group : Metric.Group.values()) {
            List<Row> in = metrics.stream().filter(r -> group.metrics().contains(r.name())).toList();
            if (!in.isEmpty()) {
                groups.add(meanOfMeans(group.title(), in, b != null));
            }
        }
        Row average = metrics.isEmpty() ? null : meanOfMeans("Average", metrics, b != null);
        Map<String, List<Long>> byCharacter = new LinkedHashMap<>();
        items.forEach(i -> byCharacter.computeIfAbsent(i.role(), r -> new ArrayList<>()).add(i.id()));
        List<Row> characters = new ArrayList<>();
        List<Cell> cells = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : byCharacter.entrySet()) {
            Set<String> ids = new java.util.HashSet<>();
            e.getValue().forEach(id -> ids.add(id + "\n"));
            Row row = row(e.getKey(), a, b, k -> ids.contains(k.substring(0, k.indexOf('\n') + 1)));
            if (row.first().count() > 0) {
                characters.add(row);
                for (String metric : ordered) {
                    Stats.Mean mean = row(metric, a, null, k -> k.endsWith("\n" + metric)
                            && ids.contains(k.substring(0, k.indexOf('\n') + 1))).first();
                    if (mean.count() > 0) {
                        cells.add(new Cell(e.getKey(), metric, mean));
                    }
                }
            }
        }
        Map<String, Double> refA = keyed(scores, EvalService.REFERENCE);
        Map<String, Double> refB = compared == null ? null : keyed(secondScores, EvalService.REFERENCE);
        List<Row> reference = new ArrayList<>();
        for (String metric : List.of(EvalService.CHAR_F1, EvalService.ROUGE_L, EvalService.LENGTH)) {
            Row row = row(metric, refA, refB, k -> k.endsWith("\n" + metric));
            if (row.first().count() > 0) {
                reference.add(row);
            }
        }
        Map<String, Double> humanA = ratings(ratings);
        Map<String, Double> humanB = compared == null ? null : ratings(secondRatings);
        Set<String> rated = new TreeSet<>();
        humanA.keySet().forEach(k -> rated.add(k.substring(k.indexOf('\n') + 1)));
        List<Row> human = new ArrayList<>();
        for (String metric : rated) {
            human.add(row(metric, humanA, humanB, k -> k.endsWith("\n" + metric)));
        }
        return new EvalReport(run, compared, scorer, metrics, groups, average, characters, reference, human,
                b == null ? List.of() : changed(items, a, b), List.copyOf(cells));
    }

    /** The items whose mean over their paired metrics moved most, largest change first (ties in set order). */
    private static List<Changed> changed(List<ItemRow> items, Map<String, Double> a, Map<String, Double> b) {
        List<Changed> changed = new ArrayList<>();
        for (ItemRow item : items) {
            String prefix = item.id() + "\n";
            double sumA = 0;
            double sumB = 0;
            int n = 0;
            for (Map.Entry<String, Double> e : a.entrySet()) {
                if (e.getKey().startsWith(prefix) && b.containsKey(e.getKey())) {
                    sumA += e.getValue();
                    sumB += b.get(e.getKey());
                    n++;
                }
            }
            if (n > 0) {
                changed.add(new Changed(item, sumA / n, sumB / n, (sumB - sumA) / n));
            }
        }
        changed.sort(java.util.Comparator.comparingDouble((Changed c) -> -Math.abs(c.difference())));
        return List.copyOf(changed.subList(0, Math.min(CHANGED_SHOWN, changed.size())));
    }

    /** The reward-model scorer of a run's scores: {@code wanted}, or the only one; null when there is none. */
    static String rewardScorer(List<ScoreRow> scores, String wanted) {
        Set<String> scorers = new TreeSet<>();
        scores.stream().map(ScoreRow::scorer).filter(s -> s.startsWith("rm:")).forEach(scorers::add);
        if (wanted != null) {
            String match = scorers.stream().filter(s -> s.equals(wanted) || s.startsWith("rm:" + wanted + "@"))
                    .findFirst().orElse(null);
            if (match == null) {
                throw new EvalException("The run has no scores of reward model '" + wanted + "'; it has " + scorers + ".");
            }
            return match;
        }
        if (scorers.size() > 1) {
            throw new EvalException("The run was scored by several reward models " + scorers + "; name one with --rm.");
        }
        return scorers.isEmpty() ? null : scorers.iterator().next();
    }

    /** item id + "\n" + metric -> value, for one scorer. */
    private static Map<String, Double> keyed(List<ScoreRow> scores, String scorer) {
        Map<String, Double> keyed = new LinkedHashMap<>();
        if (scorer != null) {
            scores.stream().filter(s -> s.scorer().equals(scorer)).forEach(s -> keyed.put(s.itemId() + "\n" + s.metric(),
                    s.value()));
        }
        return keyed;
    }

    private static Map<String, Double> ratings(List<RatingRow> ratings) {
        Map<String, Double> keyed = new LinkedHashMap<>();
        ratings.forEach(r -> keyed.put(r.itemId() + "\n" + r.metric(), (double) r.rating()));
        return keyed;
    }

    private static Row row(String name, Map<String, Double> a, Map<String, Double> b,
                           java.util.function.Predicate<String> selects) {
        List<Double> first = new ArrayList<>();
        a.forEach((k, v) -> {
            if (selects.test(k)) {
                first.add(v);
            }
        });
        if (b == null) {
            return new Row(name, Stats.mean(first), null, null);
        }
        List<Double> second = new ArrayList<>();
        b.forEach((k, v) -> {
            if (selects.test(k)) {
                second.add(v);
            }
        });
        List<Double> pairedA = new ArrayList<>();
        List<Double> pairedB = new ArrayList<>();
        a.forEach((k, v) -> {
            if (selects.test(k) && b.containsKey(k)) {
                pairedA.add(v);
                pairedB.add(b.get(k));
            }
        });
        return new Row(name, Stats.mean(first), Stats.mean(second), Stats.paired(pairedA, pairedB));
    }

    private static Row meanOfMeans(String name, List<Row> rows, boolean compare) {
        return new Row(name, meanOf(rows.stream().map(Row::first).toList()),
                compare ? meanOf(rows.stream().map(Row::second).toList()) : null, null);
    }

    private static Stats.Mean meanOf(List<Stats.Mean> means) {
        double sum = 0;
        int count = 0;
        for (Stats.Mean m : means) {
            sum += m.mean();
            count += m.count();
        }
        return new Stats.Mean(sum / means.size(), Double.NaN, count);
    }
}
