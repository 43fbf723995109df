/**
 * The Chat room: the conversation tree, the composer, N streaming candidate cards with keyboard labeling (choose,
 * reject, edit, branch), the prompt inspector and the template editor. {@link app.characterstudio.ui.chat.ChatViewModel}
 * drives it over {@link app.characterstudio.chat.ChatService} and {@link app.characterstudio.label.LabelService};
 * {@link app.characterstudio.ui.chat.GenerationRunner} runs one generation on a background task.
 */
package app.characterstudio.ui.chat;
