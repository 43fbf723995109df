package app.characterstudio.ui;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Saves snapshots of views under {@code target/screenshots/} (call on the FX thread). */
public final class Screenshots {
    private Screenshots() {
    }

    public static Path save(Scene scene, String name) {
        return write(scene.snapshot(null), name);
    }

    public static Path save(Node node, String name) {
        return write(node.snapshot(null, null), name);
    }

    /**
     * Reads saved screenshots back and checks each shows a drawn view: a PNG with text and controls has many
     * colours, a blank or unrendered scene has one or two. (The file's mere existence proves nothing: a failed
     * save throws.)
     */
    public static void assertDrawn(Path... shots) {
        for (Path shot : shots) {
            try {
                BufferedImage image = ImageIO.read(shot.toFile());
                assertNotNull(image, shot + " is not a readable image");
                Set<Integer> colours = new HashSet<>();
                for (int y = 0; y < image.getHeight(); y += 2) {
                    for (int x = 0; x < image.getWidth(); x += 2) {
                        colours.add(image.getRGB(x, y));
                    }
                }
                assertTrue(colours.size() >= 16, shot + " has only " + colours.size() + " colours: nothing drawn");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static BufferedImage toBufferedImage(WritableImage image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage buffered = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                buffered.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        return buffered;
    }

    private static Path write(WritableImage image, String name) {
        Path dir = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            ImageIO.write(toBufferedImage(image), "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
