/**
 * The reward model panel of the Model room (issue 13): choose a reward model and its layout, score the stored
 * replies in the background (progress, cancel, resume), and see how far it agrees with the creator's labels
 * (accuracy with a 95% interval, per character and reason, a histogram of chosen and rejected scores, and the
 * disagreements, each one click from its turn in the chat).
 */
package app.characterstudio.ui.reward;
