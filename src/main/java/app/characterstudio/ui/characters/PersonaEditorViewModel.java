package app.characterstudio.ui.characters;

import app.characterstudio.StudioException;
import app.characterstudio.persona.CardFields;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaForm;
import app.characterstudio.persona.PersonaInput;
import app.characterstudio.persona.PersonaRenderer;
import app.characterstudio.persona.PersonaRepository;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
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

/**
 * The persona editor's state: one text property per field (lists one item per line, relationships
 * and extra fields as {@code name：relation} lines), inline validation, the unsaved-change flag and
 * the live rendering with its length. The character-card fields are edited the same way, with
 * the alternate greetings as a list of texts (a greeting may span lines). Free of controls: the view
 * binds to it, tests drive it.
 */
public final class PersonaEditorViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PersonaRepository repository;
    private final Map<PersonaField, StringProperty> fields = new LinkedHashMap<>();
    private final ObservableList<StringProperty> greetings = FXCollections.observableArrayList();
    private final ObservableList<StringProperty> greetingsView = FXCollections.unmodifiableObservableList(greetings);
    private final StringProperty keptCardKeys = new SimpleStringProperty("");
    private final ObjectProperty<Persona> saved = new SimpleObjectProperty<>();
    private final BooleanProperty dirty = new SimpleBooleanProperty();
    private final BooleanProperty editable = new SimpleBooleanProperty();
    private final StringProperty nameError = new SimpleStringProperty("");
    private final StringProperty linesError = new SimpleStringProperty("");
    private final StringProperty retrievalError = new SimpleStringProperty("");
    private final StringProperty preview = new SimpleStringProperty("");
    private final StringProperty length = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final ObjectProperty<ToIntFunction<String>> tokenCounter = new SimpleObjectProperty<>();
    private final ObjectProperty<PersonaForm> form = new SimpleObjectProperty<>(PersonaForm.FIELDS);
    private Consumer<Persona> onSaved = persona -> { };
    private boolean loading;

    public PersonaEditorViewModel(PersonaRepository repository) {
        this.repository = repository;
        for (PersonaField field : PersonaField.values()) {
            StringProperty property = new SimpleStringProperty("");
            property.addListener((obs, old, now) -> edited());
            fields.put(field, property);
        }
        tokenCounter.addListener((obs, old, now) -> refresh());
        form.addListener((obs, old, now) -> switched(now));
        saved.addListener((obs, old, now) -> keptCardKeys.set(keptCardKeys(now)));
    }

    public StringProperty field(PersonaField field) {
        return fields.get(field);
    }

    /** The alternate greetings of the card, one property per greeting, in order. */
    public ObservableList<StringProperty> alternateGreetings() {
        return greetingsView;
    }

    /** Adds an empty greeting at the end (unsaved until it has text) and returns it. */
    public StringProperty addGreeting() {
        StringProperty greeting = greeting("");
        greetings.add(greeting);
        edited();
        return greeting;
    }

    public void removeGreeting(StringProperty greeting) {
        if (greetings.remove(greeting)) {
            edited();
        }
    }

    /** Shows {@code persona} (or nothing for null) as saved. */
    public void load(Persona persona) {
        loading = true;
        try {
            saved.set(persona);
            for (PersonaField field : PersonaField.values()) {
                fields.get(field).set(persona == null ? "" : field.read(persona));
            }
            form.set(persona == null ? PersonaForm.FIELDS : persona.form());
            greetings.setAll(persona == null ? List.of()
                    : CardFields.of(persona).alternateGreetings().stream().map(this::greeting).toList());
        } finally {
            loading = false;
        }
        editable.set(persona != null);
        status.set("");
        refresh();
    }

    /** The persona as the fields now describe it (id, avatar and card from the loaded one). */
    public Persona current() {
        Persona base = saved.get();
        if (base == null) {
            return null;
        }
        return PersonaField.build(base, field -> fields.get(field).get(),
                greetings.stream().map(StringProperty::get).toList(), form.get());
    }

    /**
     * What the prompt's persona block is made of: the fields, or the persona text verbatim. Switching
     * keeps both: the fields stay as they are, the free text is kept while the fields are used, and a
     * switch to free text with none written yet starts it from the fields' lines.
     */
    public ObjectProperty<PersonaForm> formProperty() {
        return form;
    }

    private void switched(PersonaForm now) {
        if (loading) {
            return;
        }
        StringProperty text = fields.get(PersonaField.PERSONA_TEXT);
        if (now == PersonaForm.TEXT && text.get().isBlank()) {
            Persona persona = current();
            if (persona != null) {
                text.set(PersonaRenderer.fieldLines(persona));
            }
        }
        edited();
    }

    /** Saves when there are unsaved, valid changes; false when invalid changes stay unsaved. */
    public boolean saveIfDirty() {
        return !dirty.get() || save();
    }

    /** Saves now; refuses (and says why inline) while the sheet is invalid. */
    public boolean save() {
        Persona persona = current();
        if (persona == null) {
            return true;
        }
        if (!isValid()) {
            status.set("Not saved: " + firstError());
            return false;
        }
        try {
            repository.save(persona);
        } catch (StudioException e) {
            status.set("Not saved: " + e.getMessage());
            return false;
        }
        saved.set(persona);
        dirty.set(false);
        status.set("Saved at " + LocalTime.now().format(TIME));
        onSaved.accept(persona);
        return true;
    }

    /** Reverts the fields to the saved sheet. */
    public void discard() {
        load(saved.get());
    }

    /** Copies {@code image} in as the avatar (saving pending edits first). */
    public boolean setAvatar(Path image) {
        if (saved.get() == null || !saveIfDirty()) {
            return false;
        }
        try {
            Persona updated = repository.setAvatar(saved.get().id(), image);
            saved.set(updated);
            onSaved.accept(updated);
            status.set("Avatar set from " + image.getFileName());
            return true;
        } catch (StudioException e) {
            status.set(e.getMessage());
            return false;
        }
    }

    public Optional<Path> avatarFile() {
        return saved.get() == null ? Optional.empty() : repository.avatarPath(saved.get());
    }

    public boolean isValid() {
        return nameError.get().isEmpty() && linesError.get().isEmpty() && retrievalError.get().isEmpty();
    }

    void onSaved(Consumer<Persona> listener) {
        this.onSaved = listener;
    }

    private StringProperty greeting(String text) {
        StringProperty greeting = new SimpleStringProperty(text);
        greeting.addListener((obs, old, now) -> edited());
        return greeting;
    }

    /** The card keys kept from an import that no field here edits, written back on export. */
    private static String keptCardKeys(Persona persona) {
        if (persona == null) {
            return "";
        }
        List<String> keys = new java.util.ArrayList<>();
        persona.card().fieldNames().forEachRemaining(keys::add);
        // mes_example is the Example lines field; top_level holds the card's keys outside its data, named instead
        keys.removeIf(key -> CardFields.KEYS.contains(key) || key.equals("mes_example") || key.equals("top_level"));
        persona.card().path("top_level").fieldNames().forEachRemaining(keys::add);
        return keys.isEmpty() ? "" : "Also kept from the imported card and written back on export: "
                + String.join(", ", keys) + ".";
    }

    private void edited() {
        if (!loading) {
            refresh();
        }
    }

    private void refresh() {
        Persona persona = current();
        validate();
        dirty.set(persona != null && !persona.equals(saved.get()));
        if (persona == null) {
            preview.set("");
            length.set("");
            return;
        }
        String roleInfo = PersonaRenderer.roleInfo(persona);
        preview.set(roleInfo);
        String characters = String.format("%,d characters", roleInfo.length());
        ToIntFunction<String> counter = tokenCounter.get();
        length.set(counter == null ? characters : String.format("%,d tokens · %s", counter.applyAsInt(roleInfo), characters));
    }

    private void validate() {
        nameError.set(editable.get() && fields.get(PersonaField.NAME).get().isBlank() ? "A character needs a name." : "");
        String problem = "";
        for (PersonaField field : PersonaField.values()) {
            String text = fields.get(field).get();
            if (text.length() > PersonaInput.MAX_FIELD_CHARS) {
                problem = field.label() + " is longer than " + PersonaInput.MAX_FIELD_CHARS + " characters.";
                break;
            }
        }
        for (int i = 0; i < greetings.size() && problem.isEmpty(); i++) {
            if (greetings.get(i).get().length() > PersonaInput.MAX_FIELD_CHARS) {
                problem = "Alternate greeting " + (i + 1) + " is longer than " + PersonaInput.MAX_FIELD_CHARS + " characters.";
            }
        }
        if (problem.isEmpty()) {
            problem = PersonaField.missingColon(fields.get(PersonaField.EXTRA_FIELDS).get())
                    .map(line -> "Extra fields line " + line + ": write it as key：value.").orElse("");
        }
        linesError.set(problem);
        retrievalError.set(PersonaField.minMeanLineLengthError(fields.get(PersonaField.MIN_MEAN_LINE_LENGTH).get()));
    }

    private String firstError() {
        return List.of(nameError.get(), linesError.get(), retrievalError.get()).stream().filter(s -> !s.isEmpty()).findFirst().orElse("");
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty;
    }

    public ReadOnlyBooleanProperty editableProperty() {
        return editable;
    }

    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError;
    }

    public ReadOnlyStringProperty linesErrorProperty() {
        return linesError;
    }

    /** Why the shortest mean line length is refused, or empty. */
    public ReadOnlyStringProperty retrievalErrorProperty() {
        return retrievalError;
    }

    /** Which part of the sheet the prompt uses, in words, for the editor to show. */
    public static String formDescription(PersonaForm form) {
        return form == PersonaForm.TEXT
                ? "The prompt's persona block is the persona text below, verbatim; the fields are kept but not used."
                : "The prompt's persona block is made of the fields (key：value lines); the persona text is kept but not used.";
    }

    public ReadOnlyStringProperty previewProperty() {
        return preview;
    }

    /** "N characters", or "T tokens · N characters" once a tokenizer is plugged in. */
    public ReadOnlyStringProperty lengthProperty() {
        return length;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    /** A sentence naming the imported card's other kept keys (character_book, extensions, ...), or empty. */
    public ReadOnlyStringProperty keptCardKeysProperty() {
        return keptCardKeys;
    }

    public ReadOnlyObjectProperty<Persona> savedProperty() {
        return saved;
    }

    /** Counts tokens of the rendered persona; set by the model integration once a tokenizer is loaded. */
    public ObjectProperty<ToIntFunction<String>> tokenCounterProperty() {
        return tokenCounter;
    }
}
