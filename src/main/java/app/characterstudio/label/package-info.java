/**
 * Preference labels of a turn's replies: one chosen, any number rejected, an optional ranking, reason
 * tags, a rationale, the time spent and a safety-case flag; and labeling progress per character.
 */
package app.characterstudio.label;
