package app.characterstudio.persona;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.DeflaterOutputStream;

/**
 * A plain square PNG (a soft vertical gradient in a colour picked from the name) for a card
 * exported without an avatar. Written by hand: no image library, no display needed.
 */
public final class PlainImage {
    public static final int SIZE = 256;

    private PlainImage() {
    }

    public static byte[] forName(String name) {
        float hue = (Math.floorMod(name.hashCode(), 360)) / 360f;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int y = 0; y < SIZE; y++) {
            raw.write(0); // filter type: none
            int[] rgb = hsbToRgb(hue, 0.35f, 0.95f - 0.25f * y / SIZE);
            for (int x = 0; x < SIZE; x++) {
                raw.write(rgb[0]);
                raw.write(rgb[1]);
                raw.write(rgb[2]);
            }
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(compressed)) {
            deflater.write(raw.toByteArray());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("in-memory compression failed", e);
        }
        // IHDR: width, height, bit depth 8, colour type 2 (RGB), compression, filter, interlace
        byte[] header = ByteBuffer.allocate(13).putInt(SIZE).putInt(SIZE)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array();
        return PngCard.write(List.of(new PngCard.Chunk("IHDR", header),
                new PngCard.Chunk("IDAT", compressed.toByteArray()), new PngCard.Chunk("IEND", new byte[0])));
    }

    private static int[] hsbToRgb(float hue, float saturation, float brightness) {
        float h = (hue - (float) Math.floor(hue)) * 6f;
        float f = h - (float) Math.floor(h);
        float p = brightness * (1 - saturation);
        float q = brightness * (1 - saturation * f);
        float t = brightness * (1 - saturation * (1 - f));
        float[] rgb = switch ((int) h) {
            case 0 -> new float[] {brightness, t, p};
            case 1 -> new float[] {q, brightness, p};
            case 2 -> new float[] {p, brightness, t};
            case 3 -> new float[] {p, q, brightness};
            case 4 -> new float[] {t, p, brightness};
            default -> new float[] {brightness, p, q};
        };
        return new int[] {Math.round(rgb[0] * 255), Math.round(rgb[1] * 255), Math.round(rgb[2] * 255)};
    }
}
