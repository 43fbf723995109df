/**
 * The Evaluate room (issue 14): test sets, a run of the loaded model with progress and cancel (a run resumes), the
 * report of a run beside a second one (table and per-metric bars), and keyboard-first 1-5 ratings of a run's replies.
 * Everything goes through {@link app.characterstudio.eval.EvalService} on background tasks.
 */
package app.characterstudio.ui.eval;
