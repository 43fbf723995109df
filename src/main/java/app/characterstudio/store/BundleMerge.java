package app.characterstudio.store;

/**
 * What merging a bundle did.
 *
 * @param added          labels stored next to the workspace's own
 * @param alreadyPresent labels this workspace had already (its own, or merged before)
 * @param conflicts      of the added, those whose chosen reply differs from another labeler's label of the turn
 */
public record BundleMerge(int added, int alreadyPresent, int conflicts) {
}
