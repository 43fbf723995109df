package app.characterstudio.script;

/**
 * What importing one file did.
 *
 * @param alreadyImported the same content was imported before (as {@code source}); nothing was added
 */
public record ImportReport(String source, String path, boolean alreadyImported, String encoding, String format,
                           int scenes, int lines, int speakers, long exchanges) {
}
