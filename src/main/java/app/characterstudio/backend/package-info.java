/**
 * Where generation runs: the local engine (the default) or an inference server that speaks the
 * OpenAI-compatible completions API ({@link app.characterstudio.backend.Backend}, kept in the workspace by
 * {@link app.characterstudio.backend.Backends}), the client for it
 * ({@link app.characterstudio.backend.CompletionsClient}: completions, and reward scores through vLLM's
 * {@code /pooling} or {@code /classify}; over its own HTTP/1.1, {@code Http1Client}, with streams read by
 * {@code CompletionStreamReader}), its check ({@link app.characterstudio.backend.BackendCheck}), the chat
 * port over it ({@link app.characterstudio.backend.BackendReplyGenerator}) and a room's choice between the two
 * ({@link app.characterstudio.backend.ReplySource}). Nothing here opens a socket unless a backend is named.
 */
package app.characterstudio.backend;
