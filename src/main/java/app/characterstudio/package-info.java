/**
 * Character Studio: an offline workstation for role-play characters and their preference data. This package holds
 * only the entry point ({@link app.characterstudio.Launcher}: a command runs the command line, none opens the
 * window), the offline switch every entry point calls ({@link app.characterstudio.OfflineMode}) and the base of the
 * errors shown to users ({@link app.characterstudio.StudioException}). The map of the rooms below is
 * {@code docs/ARCHITECTURE.md}.
 */
package app.characterstudio;
