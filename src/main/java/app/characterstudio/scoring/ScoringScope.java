package app.characterstudio.scoring;

import java.util.Set;

/**
 * Which stored candidates to score: of these characters and sessions (empty: all); with {@code unscoredOnly}, only
 * candidates no reward model has scored yet. Candidates the chosen model has scored are always skipped.
 */
public record ScoringScope(Set<String> characters, Set<Long> sessions, boolean unscoredOnly) {
    public ScoringScope {
        characters = Set.copyOf(characters);
        sessions = Set.copyOf(sessions);
    }

    public static ScoringScope all() {
        return new ScoringScope(Set.of(), Set.of(), false);
    }
}
