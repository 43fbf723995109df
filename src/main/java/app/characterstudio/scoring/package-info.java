/**
 * The reward model in the loop (issue 13): {@link app.characterstudio.scoring.RewardScoring} scores stored
 * candidates with a {@link app.characterstudio.reward.RewardModel} in batches, each input rendered as the
 * studio's preference export writes it ({@link app.characterstudio.export.RewardLayout}), and keeps the scores in
 * score sets ({@link app.characterstudio.store.RewardScoreRepository}), never as labels; it measures how far the
 * reward model agrees with the creator's labels ({@link app.characterstudio.scoring.RewardAgreement}) and offers
 * its pick of a turn as a suggestion the creator may accept. The window and the command line both call it.
 */
package app.characterstudio.scoring;
