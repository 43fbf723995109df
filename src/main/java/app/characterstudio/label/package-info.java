/**
 * Preference labels of a turn's replies: one chosen, any number rejected, an optional ranking, reason
 * tags (about the turn or about one reply), a rationale, the time spent and a safety-case flag; labeling
 * progress per character; and {@code ReplyDiff}, two replies compared for reading them side by side.
 */
package app.characterstudio.label;
