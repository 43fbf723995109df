/**
 * The small kit every room's view shares: {@link app.characterstudio.ui.kit.Styles},
 * {@link app.characterstudio.ui.kit.TaskExecutor} (database, index and model work off the FX thread; its
 * {@code inOrder()} runs a view model's tasks one after the other, in the order the user acted),
 * {@link app.characterstudio.ui.kit.Debouncer}, {@link app.characterstudio.ui.kit.StudioView} (what the main
 * window needs of a room) and {@link app.characterstudio.ui.kit.ReplySourceChoice} (the "Replies from" of the rooms
 * that generate: Chat and Evaluate). It uses no other {@code ui} package.
 */
package app.characterstudio.ui.kit;
