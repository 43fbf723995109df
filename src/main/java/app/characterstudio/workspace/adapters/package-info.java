/**
 * The adapters from chat's ports to the rooms below it, wired by {@link app.characterstudio.workspace.Studio}:
 * {@link app.characterstudio.workspace.adapters.CurrentModelGenerator} and
 * {@link app.characterstudio.workspace.adapters.CurrentModelTokenCounter} (whichever model is loaded at the time,
 * held by a lease while they work), {@link app.characterstudio.workspace.adapters.TokenizerTokenCounter} (a model
 * folder's tokenizer without its weights, for replies from an inference server) and
 * {@link app.characterstudio.workspace.adapters.ScriptExchangeRetriever} (the script library, packed as the
 * reference pipeline did). This is the only place where {@code chat} meets {@code model} and {@code script}; the
 * model's log-probabilities become chat's {@link app.characterstudio.chat.TokenProbability} here, once.
 */
package app.characterstudio.workspace.adapters;
