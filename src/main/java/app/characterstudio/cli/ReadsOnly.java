package app.characterstudio.cli;

/**
 * Marks a command that only reads the workspace's database: it opens it read-only, so it runs in a
 * read-only workspace and never checks, migrates or locks the file.
 */
interface ReadsOnly {
}
