package app.characterstudio.ui.label;

import app.characterstudio.label.Agreement;
import app.characterstudio.label.LabelBundles;
import app.characterstudio.label.LabelService;
import app.characterstudio.store.BundleMerge;
import app.characterstudio.ui.kit.TaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Labelers room: the workspace's labeler name, label bundles out and in, and the agreement of every
 * two labelers (the same services as {@code label labeler}, {@code export-bundle}, {@code import-bundle}
 * and {@code agreement}). Work runs in the background; results land on the UI thread.
 */
public final class LabelersViewModel {
    /** One line of the agreement table: a pair of labelers, over all characters ("all") or one. */
    public record Row(String labelers, String character, int sharedTurns, int sameChoice, String agreement,
                      String kappa) {
    }

    private final Supplier<LabelService> labels;
    private final Supplier<LabelBundles> bundles;
    private final TaskExecutor executor;
    private final StringProperty labeler = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final ObservableList<Row> rows = FXCollections.observableArrayList();

    public LabelersViewModel(Supplier<LabelService> labels, Supplier<LabelBundles> bundles, TaskExecutor executor) {
        this.labels = labels;
        this.bundles = bundles;
        this.executor = executor;
    }

    public StringProperty labelerProperty() {
        return labeler;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    /** Reads the labeler name and the agreement figures again. */
    public void refresh() {
        run(() -> new Object[] {labels.get().labeler(), bundles.get().agreement()}, result -> {
            labeler.set((String) result[0]);
            Agreement.Report report = (Agreement.Report) result[1];
            rows.setAll(rowsOf(report));
            if (report.pairs().isEmpty()) {
                status.set("No turn is labeled by two labelers yet. Import another labeler's bundle of the same sessions.");
            }
        });
    }

    public void setLabeler(String name) {
        run(() -> labels.get().setLabeler(name), claimed -> {
            status.set("Labeling as " + name.strip() + "." + (claimed == 0 ? ""
                    : " " + claimed + " earlier labels without a name are now yours."));
            refresh();
        });
    }

    public void exportBundle(Path file) {
        run(() -> bundles.get().export(file), exported -> status.set(exported.labels() + " labels by "
                + String.join(", ", exported.labelers()) + " written to " + exported.file() + "."));
    }

    public void importBundle(Path file) {
        run(() -> bundles.get().merge(file), (BundleMerge merged) -> {
            refresh();
            status.set("Merged " + merged.added() + " labels from " + file.getFileName() + " (" + merged.conflicts()
                    + " choose otherwise than another labeler, kept side by side); " + merged.alreadyPresent()
                    + " were already here.");
        });
    }

    static List<Row> rowsOf(Agreement.Report report) {
        List<Row> all = new ArrayList<>();
        for (Agreement.Pair pair : report.pairs()) {
            String who = pair.labelerA() + " · " + pair.labelerB();
            all.add(row(who, "all", pair.overall()));
            pair.perCharacter().forEach(figures -> all.add(row(who, figures.characterId(), figures)));
        }
        return all;
    }

    private static Row row(String who, String character, Agreement.Figures figures) {
        return new Row(who, character, figures.sharedTurns(), figures.sameChoice(),
                String.format(Locale.ROOT, "%.1f%%", figures.agreement() * 100),
                figures.kappa() == null ? "undefined" : String.format(Locale.ROOT, "%.3f", figures.kappa()));
    }

    private <T> void run(Supplier<T> work, Consumer<T> done) {
        executor.submit(work, done, status);
    }
}
