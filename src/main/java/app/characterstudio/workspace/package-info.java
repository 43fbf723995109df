/**
 * The composition root: {@link app.characterstudio.workspace.Workspace} names the files of a workspace folder;
 * {@link app.characterstudio.workspace.Studio} opens them lazily (database, personas, script library, models) and
 * wires the services the window and the command line use, including the chat's ports to the model and the
 * script index, whose adapters are in {@code workspace.adapters}.
 */
package app.characterstudio.workspace;
