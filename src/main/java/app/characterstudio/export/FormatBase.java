package app.characterstudio.export;

/** The names and layout of a format, so each format class only says how a record becomes rows. */
abstract class FormatBase implements DatasetFormat {
    private final String id;
    private final String description;
    private final Kind kind;
    private final Layout layout;

    FormatBase(String id, String description, Kind kind, Layout layout) {
        this.id = id;
        this.description = description;
        this.kind = kind;
        this.layout = layout;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Kind kind() {
        return kind;
    }

    @Override
    public final Layout layout() {
        return layout;
    }

    @Override
    public String toString() {
        return id;
    }
}
