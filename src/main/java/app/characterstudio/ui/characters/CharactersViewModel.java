package app.characterstudio.ui.characters;

import app.characterstudio.StudioException;
import app.characterstudio.persona.ImportReview;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaImporter;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.script.CharacterFolderImport;
import app.characterstudio.ui.kit.TaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.concurrent.Task;

/**
 * The characters screen: the list with its search, the selected character's editor, and the
 * commands create, duplicate, delete (with undo) and import (in the background).
 */
public final class CharactersViewModel {
    private final PersonaRepository repository;
    private final CharacterFolderImport importer;
    private final TaskExecutor executor;
    private final ObservableList<Persona> personas = FXCollections.observableArrayList();
    private final FilteredList<Persona> visible = new FilteredList<>(personas, p -> true);
    private final StringProperty search = new SimpleStringProperty("");
    private final ObjectProperty<Persona> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<PersonaRepository.Deleted> lastDeleted = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final BooleanProperty importing = new SimpleBooleanProperty();
    private final PersonaEditorViewModel editor;
    private Task<List<Persona>> importTask;
    /** Profiles read and waiting for the creator's review before they are stored. */
    private final List<PersonaImporter.Imported> pendingImports = new ArrayList<>();
    private final ObservableList<ReviewRow> review = FXCollections.observableArrayList();

    /**
     * One line of the import review: in {@code file}, {@code key} of {@code character}'s profile became
     * {@code became} (a persona field, merged, an extra field, or dropped as a repeat).
     */
    public record ReviewRow(String file, String character, String key, ImportReview.Outcome outcome, String became) {
    }

    /** Without a script library: a model character file (persona with dialogues) is refused with a clear error. */
    public CharactersViewModel(PersonaRepository repository, TaskExecutor executor) {
        this(repository, new CharacterFolderImport(repository, () -> {
            throw new StudioException("A character file with dialogues needs the workspace's script library.");
        }), executor);
    }

    public CharactersViewModel(PersonaRepository repository, CharacterFolderImport importer, TaskExecutor executor) {
        this.repository = repository;
        this.importer = importer;
        this.executor = executor;
        this.editor = new PersonaEditorViewModel(repository);
        editor.onSaved(this::replace);
        search.addListener((obs, old, now) -> visible.setPredicate(p -> matches(p, now)));
        reload();
    }

    /** Reads the characters folder again, keeping the selection where it still exists. */
    public void reload() {
        editor.saveIfDirty();
        PersonaRepository.Listing listing = repository.scan();
        personas.setAll(listing.personas());
        problems.setAll(listing.problems());
        Persona current = selected.get();
        Persona again = current == null ? null : personas.stream().filter(p -> p.id().equals(current.id())).findFirst().orElse(null);
        if (again == null && !personas.isEmpty() && current == null) {
            again = personas.get(0);
        }
        selected.set(again);
        editor.load(again);
    }

    /** Switches to {@code persona}, saving the current edits first; false (and stays) if they are invalid. */
    public boolean select(Persona persona) {
        Persona current = selected.get();
        if (current != null && persona != null && current.id().equals(persona.id())) {
            return true;
        }
        if (!editor.saveIfDirty()) {
            message.set("Fix the highlighted field first: " + editor.statusProperty().get());
            return false;
        }
        selected.set(persona);
        editor.load(persona);
        return true;
    }

    public boolean create(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) {
            message.set("A new character needs a name.");
            return false;
        }
        if (!editor.saveIfDirty()) {
            return false;
        }
        return run(() -> {
            Persona created = repository.create(clean);
            personas.add(created);
            search.set("");
            selectSaved(created);
            message.set("Created " + created.name());
        });
    }

    public boolean duplicate() {
        Persona current = selected.get();
        if (current == null || !editor.saveIfDirty()) {
            return false;
        }
        return run(() -> {
            Persona copy = repository.duplicate(current.id());
            personas.add(copy);
            selectSaved(copy);
            message.set("Duplicated " + current.name() + " as " + copy.name());
        });
    }

    /** Moves the selected character to the trash; {@link #undoDelete()} brings it back. */
    public boolean delete() {
        Persona current = selected.get();
        if (current == null) {
            return false;
        }
        return run(() -> {
            lastDeleted.set(repository.delete(current.id()));
            int index = indexOf(current.id());
            personas.remove(index);
            Persona next = personas.isEmpty() ? null : personas.get(Math.min(index, personas.size() - 1));
            selectSaved(next);
            message.set("Deleted " + current.name() + ".");
        });
    }

    public boolean undoDelete() {
        PersonaRepository.Deleted deleted = lastDeleted.get();
        if (deleted == null || !editor.saveIfDirty()) {
            return false;
        }
        return run(() -> {
            Persona restored = repository.restore(deleted);
            lastDeleted.set(null);
            personas.add(restored);
            selectSaved(restored);
            message.set("Restored " + restored.name() + ".");
        });
    }

    /** Exports the selected character (saving pending edits first) to {@code target}. */
    public boolean export(app.characterstudio.persona.ExportFormat format, Path target) {
        Persona current = selected.get();
        if (current == null || !editor.saveIfDirty()) {
            return false;
        }
        return run(() -> {
            repository.export(current.id(), format, target);
            message.set("Exported " + current.name() + " to " + target);
        });
    }

    /**
     * Imports files in the background; each file whole or not at all; problems listed per file. Cards
     * and sheets are stored at once (the task's value); Chinese profiles wait in {@link #review()} until
     * the creator has seen what each key became and calls {@link #confirmImport()} (or
     * {@link #discardImport()}).
     */
    public Task<List<Persona>> importFiles(List<Path> files) {
        editor.saveIfDirty();
        List<String> errors = new ArrayList<>();
        List<String> scripts = new ArrayList<>();
        List<PersonaImporter.Imported> toReview = new ArrayList<>();
        List<ReviewRow> rows = new ArrayList<>();
        Task<List<Persona>> task = new Task<>() {
            @Override
            protected List<Persona> call() {
                List<Persona> created = new ArrayList<>();
                for (int i = 0; i < files.size() && !isCancelled(); i++) {
                    updateMessage("Importing " + files.get(i).getFileName());
                    updateProgress(i, files.size());
                    try {
                        PersonaImporter.Imported imported = repository.read(files.get(i));
                        if (!imported.reviews().isEmpty()) {
                            toReview.add(imported);
                            rows.addAll(rows(files.get(i), imported));
                            continue;
                        }
                        CharacterFolderImport.Result result = importer.importFile(files.get(i));
                        created.addAll(result.personas());
                        result.scripts().forEach(r -> scripts.add(r.source() + " (" + r.scenes() + " scenes, "
                                + r.lines() + " lines" + (r.alreadyImported() ? ", already imported" : "") + ")"));
                    } catch (StudioException e) {
                        errors.add(e.getMessage());
                    } catch (RuntimeException | StackOverflowError e) {
                        errors.add(PersonaRepository.unexpectedFailure(files.get(i), e));
                    }
                }
                return created;
            }
        };
        importing.set(true);
        message.set("Importing " + files.size() + " file(s)…");
        task.setOnSucceeded(event -> {
            List<Persona> created = task.getValue();
            showImported(created);
            problems.setAll(errors);
            pendingImports.addAll(toReview);
            review.addAll(rows);
            int waiting = toReview.stream().mapToInt(i -> i.personas().size()).sum();
            String imported = "Imported " + created.size() + " character(s)"
                    + (scripts.isEmpty() ? "" : " with their dialogues: " + String.join(", ", scripts));
            String waits = waiting + " character(s) from profiles wait for your review: check what each key became, "
                    + "then Import them or Cancel";
            message.set((waiting == 0 ? imported : created.isEmpty() ? waits : imported + "; " + waits)
                    + (errors.isEmpty() ? "." : "; " + errors.size() + " file(s) could not be imported."));
        });
        task.setOnFailed(event -> {
            importing.set(false);
            message.set("Import failed: " + task.getException().getMessage());
        });
        task.setOnCancelled(event -> {
            importing.set(false);
            reload();
            message.set("Import cancelled; files already read were kept.");
        });
        importTask = task;
        executor.execute(task);
        return task;
    }

    private static List<ReviewRow> rows(Path file, PersonaImporter.Imported imported) {
        List<ReviewRow> rows = new ArrayList<>();
        for (ImportReview one : imported.reviews()) {
            one.keys().forEach(k -> rows.add(new ReviewRow(String.valueOf(file.getFileName()), one.character(), k.key(),
                    k.outcome(), k.became())));
        }
        return rows;
    }

    /** What each key of the profiles waiting for review became; empty when nothing waits. */
    public ObservableList<ReviewRow> review() {
        return review;
    }

    /** Stores the reviewed profiles in the background and selects the first. */
    public Task<List<Persona>> confirmImport() {
        List<PersonaImporter.Imported> reviewed = List.copyOf(pendingImports);
        pendingImports.clear();
        review.clear();
        List<String> errors = new ArrayList<>();
        Task<List<Persona>> task = new Task<>() {
            @Override
            protected List<Persona> call() {
                List<Persona> created = new ArrayList<>();
                for (PersonaImporter.Imported imported : reviewed) {
                    try {
                        created.addAll(repository.store(imported));
                    } catch (StudioException e) {
                        errors.add(e.getMessage());
                    }
                }
                return created;
            }
        };
        importing.set(true);
        task.setOnSucceeded(event -> {
            List<Persona> created = task.getValue();
            showImported(created);
            problems.addAll(errors);
            message.set("Imported " + created.size() + " reviewed character(s)"
                    + (errors.isEmpty() ? "." : "; " + String.join(" ", errors)));
        });
        task.setOnFailed(event -> {
            importing.set(false);
            message.set("Import failed: " + task.getException().getMessage());
        });
        executor.execute(task);
        return task;
    }

    /** Lists the characters an import stored and selects the first. */
    private void showImported(List<Persona> created) {
        importing.set(false);
        created.forEach(personas::add);
        if (!created.isEmpty()) {
            search.set("");
            selectSaved(created.get(0));
        }
    }

    /** Drops the profiles waiting for review: nothing of them is written. */
    public void discardImport() {
        int dropped = pendingImports.stream().mapToInt(i -> i.personas().size()).sum();
        pendingImports.clear();
        review.clear();
        message.set("Import cancelled: " + dropped + " character(s) from profiles were not imported.");
    }

    /** Stops a running import after the file it is on. */
    public void cancelImport() {
        if (importTask != null && !importTask.isDone()) {
            importTask.cancel(false);
        }
    }

    private void selectSaved(Persona persona) {
        sortList();
        selected.set(persona);
        editor.load(persona);
    }

    private void replace(Persona saved) {
        int index = indexOf(saved.id());
        if (index >= 0) {
            personas.set(index, saved);
        }
        selected.set(saved);
    }

    private void sortList() {
        personas.sort((a, b) -> a.name().compareToIgnoreCase(b.name()) != 0
                ? a.name().compareToIgnoreCase(b.name()) : a.id().compareTo(b.id()));
    }

    private int indexOf(String id) {
        for (int i = 0; i < personas.size(); i++) {
            if (personas.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private boolean run(Runnable command) {
        try {
            command.run();
            return true;
        } catch (StudioException e) {
            message.set(e.getMessage());
            return false;
        }
    }

    static boolean matches(Persona persona, String query) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        return q.isEmpty() || Stream.of(Stream.of(persona.name(), persona.id()), persona.tags().stream(),
                        persona.aliases().stream(), persona.nicknames().stream())
                .flatMap(s -> s).anyMatch(text -> text.toLowerCase(Locale.ROOT).contains(q));
    }

    public ObservableList<Persona> visiblePersonas() {
        return visible;
    }

    /**
     * What the empty list says, true to why it is empty: no characters at all, or none matching the search.
     */
    public javafx.beans.binding.StringBinding emptyListText() {
        return javafx.beans.binding.Bindings.createStringBinding(() -> personas.isEmpty()
                        ? "No characters yet.\nCreate one, import a card,\nor drop files here."
                        : "No match for \u201c" + search.get().strip() + "\u201d\namong " + personas.size()
                        + (personas.size() == 1 ? " character." : " characters."),
                personas, search);
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ReadOnlyObjectProperty<Persona> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<PersonaRepository.Deleted> lastDeletedProperty() {
        return lastDeleted;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    /** Characters folders that could not be read and files that could not be imported. */
    public ObservableList<String> problems() {
        return FXCollections.unmodifiableObservableList(problems);
    }

    public ReadOnlyBooleanProperty importingProperty() {
        return importing;
    }

    public PersonaEditorViewModel editor() {
        return editor;
    }

    public PersonaRepository repository() {
        return repository;
    }
}
