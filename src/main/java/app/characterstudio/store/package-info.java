/**
 * The studio's SQLite database: {@link app.characterstudio.store.Database} (WAL, foreign keys, versioned migrations
 * from {@code db/migration}, a check on open, a daily backup) and the repositories of sessions, turns and candidates
 * ({@link app.characterstudio.store.ConversationRepository}), labels ({@link app.characterstudio.store.LabelRepository}),
 * prompt template versions and evaluation sets, runs, scores and ratings
 * ({@link app.characterstudio.store.EvalRepository}, issue 14). Rows come back as records. (The script library, the export and a
 * benchmark command still run some SQL of their own; issue 12 moves it here.)
 */
package app.characterstudio.store;
