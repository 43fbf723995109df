package app.characterstudio.label;

import app.characterstudio.store.BundleLabel;
import app.characterstudio.store.BundleMerge;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.LabelBundleRepository;
import app.characterstudio.store.StoreException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.TreeSet;

/**
 * Label bundles: one workspace's labels (its own and those merged into it) written to a JSON file by
 * the stable ids of turns and replies, and merged into another copy of the same sessions, where they
 * sit next to that workspace's labels; and the agreement between the labelers.
 */
public final class LabelBundles {
    /** The {@code format} field of every bundle. */
    public static final String FORMAT = "character-studio-label-bundle";
    private static final int VERSION = 1;
    private static final long MAX_BYTES = 256L << 20;
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final LabelBundleRepository bundles;
    private final ConversationRepository conversations;

    public LabelBundles(Database database) {
        this.bundles = new LabelBundleRepository(database);
        this.conversations = new ConversationRepository(database);
    }

    /** The file's content. */
    public record Bundle(String format, int version, List<BundleLabel> labels) {
    }

    /** What {@link #export} wrote: how many labels, by which labelers. */
    public record Exported(Path file, int labels, List<String> labelers) {
    }

    /**
     * Writes every label of this workspace to {@code file} (replaced whole, never half-written).
     *
     * @throws LabelException when labels of this workspace have no labeler name yet, or the file cannot be written
     */
    public Exported export(Path file) {
        List<BundleLabel> labels = bundles.bundleLabels();
        if (labels.stream().anyMatch(label -> label.labeler().isEmpty())) {
            throw new LabelException("Some labels of this workspace have no labeler name yet; set one first"
                    + " (label labeler NAME, or the name the window asks for) so the other labelers can tell them apart.");
        }
        Path target = file.toAbsolutePath();
        try {
            Path folder = target.getParent();
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(temp, MAPPER.writeValueAsString(new Bundle(FORMAT, VERSION, labels)), StandardCharsets.UTF_8);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new LabelException("Cannot write the label bundle " + target + ": " + e.getMessage());
        }
        return new Exported(target, labels.size(),
                List.copyOf(new TreeSet<>(labels.stream().map(BundleLabel::labeler).toList())));
    }

    /**
     * Merges the labels of the bundle at {@code file} into this workspace, next to its own; none is
     * overwritten, and a label merged before is skipped.
     *
     * @throws LabelException when the file is missing, not a bundle, or names turns or replies this
     *                        workspace does not have (then nothing is merged)
     */
    public BundleMerge merge(Path file) {
        Bundle bundle = read(file);
        try {
            return bundles.merge(bundle.labels());
        } catch (StoreException e) {
            throw new LabelException(file + ": " + e.getMessage());
        }
    }

    /** Every labeler's latest label of the turn, this workspace's own and merged ones, side by side. */
    public List<app.characterstudio.store.LabelVote> labelsOfTurn(long turnId) {
        return bundles.votes().stream().filter(vote -> vote.turnId() == turnId).toList();
    }

    /** Agreement between every two labelers over the turns both labeled. */
    public Agreement.Report agreement() {
        return Agreement.of(bundles.votes(), conversations::candidateIds);
    }

    private static Bundle read(Path file) {
        Bundle bundle;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new LabelException(file + " is larger than a label bundle can be (" + (MAX_BYTES >> 20) + " MiB).");
            }
            bundle = MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), Bundle.class);
        } catch (NoSuchFileException e) {
            throw new LabelException("There is no label bundle " + file + ".");
        } catch (JsonProcessingException e) {
            throw new LabelException(file + " is not a label bundle (not readable JSON: "
                    + e.getOriginalMessage() + ").");
        } catch (IOException e) {
            throw new LabelException("Cannot read " + file + ": " + e.getMessage());
        }
        if (bundle == null || !FORMAT.equals(bundle.format())) {
            throw new LabelException(file + " is not a label bundle (its \"format\" is not \"" + FORMAT + "\").");
        }
        if (bundle.version() != VERSION) {
            throw new LabelException(file + " is a label bundle of version " + bundle.version()
                    + "; this studio reads version " + VERSION + ".");
        }
        List<BundleLabel> labels = bundle.labels() == null ? List.of() : bundle.labels();
        for (BundleLabel label : labels) {
            if (label.turnUid() == null || label.labeler() == null || label.labeler().isBlank()) {
                throw new LabelException(file + " holds a label without a turn id or a labeler; nothing was merged.");
            }
        }
        return new Bundle(bundle.format(), bundle.version(), labels);
    }
}
