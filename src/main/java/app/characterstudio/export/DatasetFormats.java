package app.characterstudio.export;

import java.util.List;
import java.util.stream.Collectors;

/** Every dataset format the studio writes, by id. */
public final class DatasetFormats {
    private static final List<DatasetFormat> ALL = List.of(
            new ShareGptSft(), new ShareGptPreference(), new AlpacaSft(), new AlpacaPreference(),
            new TrlSft(), new TrlPreference(), new OpenAiSft(), new OpenAiPreference(),
            new KtoUnpaired(), new IndexSft(), new IndexPreference());

    private DatasetFormats() {
    }

    public static List<DatasetFormat> all() {
        return ALL;
    }

    public static List<String> ids() {
        return ALL.stream().map(DatasetFormat::id).toList();
    }

    /** The format called {@code id}, or an {@link ExportException} listing the known ones. */
    public static DatasetFormat byId(String id) {
        return ALL.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow(() -> new ExportException(
                "Unknown export format '" + id + "'; expected one of "
                        + ALL.stream().map(DatasetFormat::id).collect(Collectors.joining(", ")) + "."));
    }
}
