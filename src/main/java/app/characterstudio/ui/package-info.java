/**
 * The JavaFX window: {@link app.characterstudio.ui.StudioApp} and {@link app.characterstudio.ui.MainWindow} (the
 * sidebar of rooms), the Characters screens (list, persona editor, import review) and the small kit the views share
 * ({@link app.characterstudio.ui.Styles}, {@link app.characterstudio.ui.TaskExecutor},
 * {@link app.characterstudio.ui.Debouncer}). Each screen is a view over a view model that holds its state as
 * properties. The only package (with its subpackages) that uses JavaFX.
 */
package app.characterstudio.ui;
