/**
 * Where generation runs: the local engine (the default) or an inference server that speaks the
 * OpenAI-compatible completions API ({@link Backend}, kept in the workspace by {@link Backends}), the
 * HTTP client for it ({@link CompletionsClient}), its check ({@link BackendCheck}) and the chat port
 * over it ({@link BackendReplyGenerator}). Nothing here opens a socket unless a backend is named.
 */
package app.characterstudio.backend;
