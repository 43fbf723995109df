package app.characterstudio.ui.kit;

import java.util.List;
import java.util.Objects;
import javafx.scene.Scene;
import javafx.scene.text.Font;

/**
 * The studio's stylesheet ({@code assets/css/studio.css}) and a font that renders Chinese. JavaFX's
 * own fallback skips some CJK fonts unless their family is named, so the first installed family
 * of a known-good list is set on the root.
 */
public final class Styles {
    private static final List<String> CJK_FAMILIES = List.of(
            "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
            "PingFang SC", "Hiragino Sans GB", "SimHei", "Droid Sans Fallback");

    private Styles() {
    }

    public static void apply(Scene scene) {
        scene.getStylesheets().add(Objects.requireNonNull(
                Styles.class.getResource("/assets/css/studio.css"), "studio.css missing from the build").toExternalForm());
        cjkFamily().ifPresent(family -> scene.getRoot().setStyle("-fx-font-family: \"" + family + "\";"));
    }

    /** The first installed CJK-capable font family, if any. */
    public static java.util.Optional<String> cjkFamily() {
        List<String> installed = Font.getFamilies();
        return CJK_FAMILIES.stream().filter(installed::contains).findFirst();
    }
}
