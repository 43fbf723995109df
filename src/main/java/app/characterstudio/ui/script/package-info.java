/**
 * The Scripts room: import script files (with per-file results), browse sources, speakers and scenes, and try
 * retrieval for a character as the chat would run it.
 */
package app.characterstudio.ui.script;
