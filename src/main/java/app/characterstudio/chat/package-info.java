/**
 * Chatting with a character: prompt assembly within a token budget, the conversation tree, and the
 * services the window and the command line share ({@link app.characterstudio.chat.ChatService}).
 *
 * <p>Chat reaches the model and the script index only through three ports, wired by the workspace
 * ({@link app.characterstudio.chat.ChatPorts}): {@link app.characterstudio.chat.ReplyGenerator} (N candidates,
 * streamed, cancellable), {@link app.characterstudio.chat.TokenCounter} (falls back to a character estimate)
 * and {@link app.characterstudio.chat.ExchangeRetriever} (none while no scripts are imported). The adapters
 * behind them live in {@code workspace.adapters}; chat itself uses neither {@code model} nor {@code script}
 * (ArchitectureTest).
 *
 * <p>One reply builds its prompt once ({@link app.characterstudio.chat.PromptBuilder}: each part counted once, the
 * whole prompt encoded once) and hands the ids on to the generator in
 * {@link app.characterstudio.chat.BuiltPrompt#tokens()}.
 *
 * <p>Each stored reply keeps the exact prompt text, its token count, the template version, the
 * sampling settings (JSON object) and the retrieved exchanges (JSON array of
 * {@code {"text", "source", "first_line", "last_line", "score"}}), so a dataset can be rebuilt from
 * the database alone.
 */
package app.characterstudio.chat;
