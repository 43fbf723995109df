package app.characterstudio.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Splits records into training and validation by SESSION, so one conversation never sits in both.
 * The distinct session ids, sorted, are shuffled with {@code new Random(seed)} (whose algorithm Java
 * fixes) and the first {@code round(n * ratio)} go to training; with a ratio below 1 and at least two
 * sessions, at least one session goes to each side. The same sessions and seed give the same split.
 */
public final class SessionSplit {
    private SessionSplit() {
    }

    public record Split(List<ExportRecord> train, List<ExportRecord> validation,
                        Set<Long> trainSessions, Set<Long> validationSessions) {
    }

    public static Split apply(List<ExportRecord> records, double ratio, long seed) {
        List<Long> sessions = new ArrayList<>(new TreeSet<>(records.stream().map(ExportRecord::sessionId).toList()));
        Collections.shuffle(sessions, new Random(seed));
        int trainCount = sessions.size();
        if (ratio < 1.0 && sessions.size() >= 2) {
            trainCount = (int) Math.min(sessions.size() - 1, Math.max(1, Math.round(sessions.size() * ratio)));
        }
        Set<Long> train = new TreeSet<>(sessions.subList(0, trainCount));
        Set<Long> validation = new TreeSet<>(sessions.subList(trainCount, sessions.size()));
        List<ExportRecord> trainRecords = new ArrayList<>();
        List<ExportRecord> validationRecords = new ArrayList<>();
        for (ExportRecord record : records) {
            (train.contains(record.sessionId()) ? trainRecords : validationRecords).add(record);
        }
        return new Split(trainRecords, validationRecords, train, validation);
    }
}
