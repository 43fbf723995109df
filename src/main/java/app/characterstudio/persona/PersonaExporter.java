package app.characterstudio.persona;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes a persona as a card V2/V3 JSON, a PNG card (both chunks) or our own JSON. */
public final class PersonaExporter {
    private PersonaExporter() {
    }

    /**
     * The bytes of {@code persona} in {@code format}. {@code avatar} is the avatar image file's bytes
     * (any format ImageIO reads) or null; a PNG card without one gets a plain generated image.
     */
    public static byte[] export(Persona persona, ExportFormat format, byte[] avatar) {
        return switch (format) {
            case CARD_V2 -> json(CharacterCards.toV2(persona));
            case CARD_V3 -> json(CharacterCards.toV3(persona));
            case JSON -> PersonaJson.write(persona);
            case PNG -> PngCard.withCard(pngImage(persona, avatar),
                    compact(CharacterCards.toV2(persona)), compact(CharacterCards.toV3(persona)));
        };
    }

    private static byte[] pngImage(Persona persona, byte[] avatar) {
        if (avatar == null) {
            return PlainImage.forName(persona.name());
        }
        if (PngCard.isPng(avatar)) {
            return avatar;
        }
        try {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new ByteArrayInputStream(avatar));
            if (image == null) {
                return PlainImage.forName(persona.name());
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", png);
            return png.toByteArray();
        } catch (IOException e) {
            throw new PersonaFormatException("The avatar of " + persona.id() + " cannot be read as an image: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] json(JsonNode tree) {
        try {
            return (PersonaJson.mapper().writeValueAsString(tree) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static String compact(JsonNode tree) {
        return tree.toString();
    }
}
