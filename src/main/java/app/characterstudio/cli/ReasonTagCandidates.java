package app.characterstudio.cli;

import app.characterstudio.label.ReasonTag;
import java.util.ArrayList;

/** The reason tags for picocli's {@code ${COMPLETION-CANDIDATES}} in help text and shell completion. */
final class ReasonTagCandidates extends ArrayList<String> {
    ReasonTagCandidates() {
        super(ReasonTag.tags());
    }
}
