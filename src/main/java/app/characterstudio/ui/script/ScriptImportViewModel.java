package app.characterstudio.ui.script;

import app.characterstudio.StudioException;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.script.FileImport;
import app.characterstudio.script.ImportOptions;
import app.characterstudio.script.ImportProgress;
import app.characterstudio.script.ImportReport;
import app.characterstudio.script.ParsedScript;
import app.characterstudio.script.SceneRule;
import app.characterstudio.script.ScriptEncoding;
import app.characterstudio.script.ScriptFormat;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.store.ScriptLine;
import app.characterstudio.store.ScriptSource;
import app.characterstudio.script.SpeakerCount;
import app.characterstudio.script.SpeakerLinks;
import app.characterstudio.script.TextDecoder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The import wizard's state: files, encoding/format/column choices with a live preview, the
 * import's progress, the speakers with their persona links, and the imported sources.
 */
public final class ScriptImportViewModel {
    /** Encoding choices shown to the user. */
    public static final List<ScriptEncoding> ENCODINGS = List.of(ScriptEncoding.AUTO, ScriptEncoding.UTF_8,
            ScriptEncoding.GB18030, ScriptEncoding.UTF_16, ScriptEncoding.UTF_16LE, ScriptEncoding.UTF_16BE);
    private static final int PREVIEW_LINES = 200;

    private final ScriptLibrary library;
    private final PersonaRepository personas;
    private final ObservableList<Path> files = FXCollections.observableArrayList();
    private final ObjectProperty<ScriptEncoding> encoding = new SimpleObjectProperty<>(ScriptEncoding.AUTO);
    private final ObjectProperty<ScriptFormat> format = new SimpleObjectProperty<>();
    private final StringProperty speakerColumn = new SimpleStringProperty("");
    private final StringProperty textColumn = new SimpleStringProperty("");
    private final IntegerProperty window = new SimpleIntegerProperty(ImportOptions.DEFAULT_WINDOW);
    private final StringProperty sceneRegex = new SimpleStringProperty("");
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final ObservableList<ScriptLine> preview = FXCollections.observableArrayList();
    private final StringProperty previewSummary = new SimpleStringProperty("Choose or drop script files.");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final ObservableList<SpeakerCount> speakers = FXCollections.observableArrayList();
    private final ObservableList<Persona> personaChoices = FXCollections.observableArrayList();
    private final ObservableList<ScriptSource> sources = FXCollections.observableArrayList();
    private volatile boolean cancelRequested;

    public ScriptImportViewModel(ScriptLibrary library, PersonaRepository personas) {
        this.library = library;
        this.personas = personas;
    }

    public ObservableList<Path> files() {
        return files;
    }

    public ObjectProperty<ScriptEncoding> encodingProperty() {
        return encoding;
    }

    /** Null means detect. */
    public ObjectProperty<ScriptFormat> formatProperty() {
        return format;
    }

    public StringProperty speakerColumnProperty() {
        return speakerColumn;
    }

    public StringProperty textColumnProperty() {
        return textColumn;
    }

    /** Empty: scenes split on blank lines and headings; else only at lines matching this regex. */
    public StringProperty sceneRegexProperty() {
        return sceneRegex;
    }

    public IntegerProperty windowProperty() {
        return window;
    }

    /** Header cells of the previewed CSV/TSV file, for the column choices. */
    public ObservableList<String> columns() {
        return columns;
    }

    public ObservableList<ScriptLine> preview() {
        return preview;
    }

    public StringProperty previewSummaryProperty() {
        return previewSummary;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public ObservableList<SpeakerCount> speakers() {
        return speakers;
    }

    public ObservableList<Persona> personaChoices() {
        return personaChoices;
    }

    public ObservableList<ScriptSource> sources() {
        return sources;
    }

    /** Adds files (from the chooser or a drop) and previews the first one; a new file starts a fresh log. */
    public void addFiles(List<Path> added) {
        List<Path> fresh = added.stream().distinct().filter(f -> !files.contains(f)).toList();
        if (!fresh.isEmpty()) {
            status.set("");
        }
        files.addAll(fresh);
        refreshPreview();
    }

    public void clearFiles() {
        files.clear();
        preview.clear();
        columns.clear();
        error.set("");
        previewSummary.set("Choose or drop script files.");
    }

    public ImportOptions options() {
        String speaker = speakerColumn.get() == null || speakerColumn.get().isBlank() ? null : speakerColumn.get();
        String text = textColumn.get() == null || textColumn.get().isBlank() ? null : textColumn.get();
        String regex = sceneRegex.get() == null ? "" : sceneRegex.get().strip();
        return ImportOptions.defaults().withEncoding(encoding.get()).withFormat(format.get())
                .withColumns(speaker, text).withWindow(Math.max(1, window.get()))
                .withSceneRule(regex.isEmpty() ? SceneRule.DEFAULT : SceneRule.headingsMatching(regex));
    }

    /** Reads the first file with the current choices; shows its lines or what is wrong with it. */
    public void refreshPreview() {
        preview.clear();
        error.set("");
        if (files.isEmpty()) {
            return;
        }
        Path file = files.get(0);
        refreshColumns(file);
        try {
            ParsedScript script = library.preview(file, options());
            preview.setAll(script.lines().subList(0, Math.min(PREVIEW_LINES, script.lines().size())));
            previewSummary.set(String.format(Locale.ROOT, "%s: %s, %s, %d scenes, %d lines, %d speakers%s",
                    script.name(), script.format().label(), script.encoding(), script.sceneCount(),
                    script.lines().size(), script.speakerCount(),
                    files.size() > 1 ? " (+" + (files.size() - 1) + " more files)" : ""));
        } catch (StudioException e) {
            previewSummary.set(file.getFileName() + ": cannot be read with these settings.");
            error.set(e.getMessage());
        }
    }

    private void refreshColumns(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean delimited = format.get() == ScriptFormat.CSV || format.get() == ScriptFormat.TSV
                || format.get() == null && (name.endsWith(".csv") || name.endsWith(".tsv"));
        if (!delimited) {
            columns.clear();
            return;
        }
        try {
            String text = TextDecoder.decode(java.nio.file.Files.readAllBytes(file), name, encoding.get()).text();
            String header = text.lines().findFirst().orElse("");
            String delimiter = name.endsWith(".tsv") || format.get() == ScriptFormat.TSV ? "\t" : ",";
            columns.setAll(List.of(header.split(delimiter)).stream().map(String::strip).toList());
        } catch (java.io.IOException | RuntimeException e) {
            columns.clear();
        }
    }

    /** The import itself, run off the UI thread by the view; {@code listener} sees progress. */
    public List<FileImport> importNow(ImportProgress listener) {
        cancelRequested = false;
        List<Path> chosen = List.copyOf(files);
        ImportOptions options = options();
        return library.importEach(chosen, options, new ImportProgress() {
            @Override
            public void update(String stage, long done, long total) {
                listener.update(stage, done, total);
            }

            @Override
            public boolean isCancelled() {
                return cancelRequested || listener.isCancelled();
            }
        });
    }

    public void cancel() {
        cancelRequested = true;
    }

    /**
     * After an import ran (on the UI thread): what each file did; the files not imported stay in the
     * list with their reasons shown, so they can be fixed and imported again.
     */
    public void imported(List<FileImport> outcomes) {
        StringBuilder text = new StringBuilder();
        for (FileImport outcome : outcomes) {
            ImportReport r = outcome.report();
            if (r != null) {
                text.append(r.alreadyImported() ? r.path() + ": already imported as " + r.source()
                        : String.format(Locale.ROOT, "%s: %d scenes, %d lines, %d speakers, %d exchanges added",
                        r.source(), r.scenes(), r.lines(), r.speakers(), r.exchanges())).append('\n');
            }
        }
        List<FileImport> failedFiles = outcomes.stream().filter(o -> !o.imported()).toList();
        if (outcomes.size() > 1 || !failedFiles.isEmpty()) {
            text.append(FileImport.summary(outcomes));
        }
        status.set(text.toString().strip());
        error.set(String.join("\n", failedFiles.stream().map(FileImport::error).toList()));
        files.removeIf(file -> outcomes.stream().anyMatch(o -> o.imported() && o.file().equals(file)));
        refresh();
    }

    public void failed(Throwable problem) {
        status.set("");
        error.set(problem instanceof StudioException ? problem.getMessage() : "Import failed: " + problem);
        refresh();
    }

    /** Reloads speakers, personas and sources. */
    public void refresh() {
        List<Persona> all = personas.list();
        personaChoices.setAll(all);
        speakers.setAll(library.speakers(all));
        sources.setAll(library.sources());
    }

    /** Links {@code speaker} to {@code persona} by making it one of the persona's aliases. */
    public void link(String speaker, Persona persona) {
        personas.save(SpeakerLinks.link(persona, speaker));
        refresh();
    }

    public void remove(ScriptSource source) {
        library.remove(Long.toString(source.id()));
        status.set("Removed " + source.name());
        refresh();
    }

    /** Whether {@code persona}'s name, id or an alias contains {@code query} (ignoring case); blank matches all. */
    static boolean matches(Persona persona, String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String q = query.strip().toLowerCase(Locale.ROOT);
        return persona.name().toLowerCase(Locale.ROOT).contains(q) || persona.id().toLowerCase(Locale.ROOT).contains(q)
                || persona.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).contains(q));
    }

    public long unlinkedCount() {
        return speakers.stream().filter(s -> !s.linked()).count();
    }
}
