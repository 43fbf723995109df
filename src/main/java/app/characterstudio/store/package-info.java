/**
 * The studio's SQLite database: {@link app.characterstudio.store.Database} (WAL, foreign keys, versioned migrations
 * from {@code db/migration}, a check on open, a daily backup) and the repositories of sessions, turns and candidates
 * ({@link app.characterstudio.store.ConversationRepository}), labels ({@link app.characterstudio.store.LabelRepository}),
 * prompt template versions, imported scripts ({@link app.characterstudio.store.ScriptRepository}), evaluation
 * sets, runs, scores and ratings ({@link app.characterstudio.store.EvalRepository}, issue 14), what an
 * export reads ({@link app.characterstudio.store.LabeledTurnRepository}), reward-model score sets and scores
 * ({@link app.characterstudio.store.RewardScoreRepository}, never labels) and the benchmarks' generated rows
 * ({@link app.characterstudio.store.BenchmarkData}). Rows come back as records. This is the only package that
 * uses {@code java.sql} (ArchitectureTest). Writes run in transactions on the writer connection; reads run on a
 * second, query-only connection, so they never wait for a long import's transaction.
 */
package app.characterstudio.store;
