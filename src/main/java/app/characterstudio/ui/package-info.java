/**
 * The JavaFX window: {@link app.characterstudio.ui.StudioApp} and {@link app.characterstudio.ui.MainWindow} (the
 * sidebar of rooms, each room's view made from the services it uses). The rooms live below: the Characters
 * screens in {@code ui.characters}, chat in {@code ui.chat}, scripts in {@code ui.script}, models in
 * {@code ui.models}, export in {@code ui.export}, labelers in {@code ui.label}; what they share (styles, the
 * background task executor, the debouncer, the view interface) in {@code ui.kit}. Each screen is a view over a
 * view model that holds its state as properties. The only package (with its subpackages) that uses JavaFX.
 * No package under {@code ui} uses this one (ArchitectureTest: no cycles).
 */
package app.characterstudio.ui;
