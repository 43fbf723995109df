package app.characterstudio.persona;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A plain square PNG (a soft vertical gradient in a colour picked from the name) for a card exported without an
 * avatar. Drawn into a {@link BufferedImage} and encoded by ImageIO: no display needed.
 */
public final class PlainImage {
    public static final int SIZE = 256;

    private PlainImage() {
    }

    public static byte[] forName(String name) {
        float hue = Math.floorMod(name.hashCode(), 360) / 360f;
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIZE; y++) {
            int rgb = Color.HSBtoRGB(hue, 0.35f, 0.95f - 0.25f * y / SIZE);
            for (int x = 0; x < SIZE; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory PNG encoding failed", e);
        }
        return png.toByteArray();
    }
}
