/**
 * The Characters room: the persona list ({@link app.characterstudio.ui.characters.CharactersView}), the persona
 * editor and the review of an import. Uses {@code persona} and the script import through the workspace.
 */
package app.characterstudio.ui.characters;
