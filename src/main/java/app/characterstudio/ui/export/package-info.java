/**
 * The Export room: choose a dataset format and filters, preview the rows, counts and a length histogram as they
 * will be written ({@link app.characterstudio.export.ExportService#plan}), then write the folder.
 */
package app.characterstudio.ui.export;
