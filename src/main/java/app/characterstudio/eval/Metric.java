package app.characterstudio.eval;

import java.util.List;
import java.util.Objects;

/** A metric an item is scored on, as CharacterEval's {@code id2metric.jsonl} names it: English key and Chinese name. */
public record Metric(String en, String zh) {
    public Metric {
        Objects.requireNonNull(en, "en");
        Objects.requireNonNull(zh, "zh");
    }

    /** CharacterEval's three groups of metrics (the paper's dimensions, MBTI left aside). */
    public enum Group {
        CONVERSATIONAL_ABILITY("Conversational ability", List.of("Fluency", "Coherence", "Consistency")),
        CHARACTER_CONSISTENCY("Character consistency",
                List.of("Exposure", "Accuracy", "Hallucination", "Behavior", "Utterance")),
        ROLE_PLAYING_ATTRACTIVENESS("Role-playing attractiveness",
                List.of("Humanlikeness", "Communication_skills", "Diversity", "Empathy"));

        private final String title;
        private final List<String> metrics;

        Group(String title, List<String> metrics) {
            this.title = title;
            this.metrics = metrics;
        }

        public String title() {
            return title;
        }

        /** The {@code metric_en} keys of the group. */
        public List<String> metrics() {
            return metrics;
        }
    }

    /** The twelve metrics with their Chinese names, as id2metric.jsonl spells them. */
    public static final List<Metric> CHARACTER_EVAL = List.of(new Metric("Fluency", "对话流利度"),
            new Metric("Coherence", "对话连贯性"), new Metric("Consistency", "对话一致性"),
            new Metric("Exposure", "知识曝光度"), new Metric("Accuracy", "知识准确率"),
            new Metric("Hallucination", "知识幻觉性"), new Metric("Behavior", "行为一致性"),
            new Metric("Utterance", "言语一致性"), new Metric("Humanlikeness", "类人程度"),
            new Metric("Communication_skills", "交流技巧"), new Metric("Diversity", "表现多样性"),
            new Metric("Empathy", "共情度"));
}
