package app.characterstudio.persona;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonaImportExportTest {
    @TempDir
    Path dir;

    private static JsonNode tree(byte[] json) throws Exception {
        return PersonaJson.mapper().readTree(json);
    }

    private static Persona only(PersonaImporter.Imported imported) {
        assertEquals(1, imported.personas().size());
        return imported.personas().get(0);
    }

    @Test
    void cardV2MapsFieldsAndKeepsTheRest() {
        Persona persona = only(PersonaImporter.read(PersonaFixtures.resource("card-v2.json"), "card-v2.json"));
        assertEquals("Captain Mira Vale", persona.name());
        assertTrue(persona.biography().startsWith("{{char}} commands the salvage tug"));
        assertEquals("dry, loyal, stubborn, quietly kind", persona.personality());
        assertEquals(List.of("{{user}}: Is it safe?", "{{char}}: Nothing out here is safe. It's just paid for.",
                "{{char}}: Strap in."), persona.exampleLines());
        assertEquals(List.of("sci-fi", "captain"), persona.tags());
        assertEquals("Works best with a slow-burn crew story.", persona.creatorNotes());
        for (String kept : List.of("scenario", "first_mes", "system_prompt", "post_history_instructions",
                "alternate_greetings", "character_book", "extensions", "creator", "character_version")) {
            assertTrue(persona.card().has(kept), "card keeps " + kept);
        }
    }

    @Test
    void cardV2RoundTripKeepsEveryFieldExactly() throws Exception {
        JsonNode original = tree(PersonaFixtures.resource("card-v2.json"));
        Persona persona = only(PersonaImporter.read(PersonaFixtures.resource("card-v2.json"), "in.json"));
        JsonNode exported = tree(PersonaExporter.export(persona, ExportFormat.CARD_V2, null));
        assertEquals(original, exported, "a V2 card survives import and export as the same JSON tree");
        Persona again = only(PersonaImporter.read(PersonaExporter.export(persona, ExportFormat.CARD_V2, null), "again"));
        assertEquals(persona, again);
    }

    @Test
    void cardTopLevelKeysOutsideTheSpecSurviveTheRoundTrip() throws Exception {
        ObjectNode original = (ObjectNode) tree(PersonaFixtures.resource("card-v2.json"));
        original.put("creator_site", "example.org/c/42");
        original.putObject("tool_state").put("revision", 7);
        byte[] bytes = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(original);
        Persona persona = only(PersonaImporter.read(bytes, "in.json"));
        JsonNode v2 = tree(PersonaExporter.export(persona, ExportFormat.CARD_V2, null));
        assertEquals(original, v2, "unknown top-level keys are written back where they were");
        JsonNode v3 = tree(PersonaExporter.export(persona, ExportFormat.CARD_V3, null));
        assertEquals("example.org/c/42", v3.get("creator_site").asText());
        assertEquals("chara_card_v3", v3.get("spec").asText(), "a kept key never replaces ours");
    }

    @Test
    void cardV3RoundTripKeepsV3ExtrasExtensionsAndBook() throws Exception {
        ObjectNode v3 = (ObjectNode) tree(PersonaFixtures.resource("card-v2.json"));
        v3.put("spec", "chara_card_v3").put("spec_version", "3.0");
        ObjectNode data = (ObjectNode) v3.get("data");
        data.put("nickname", "Cap");
        data.putArray("group_only_greetings").add("All hands!");
        data.putObject("creator_notes_multilingual").put("zh", "慢热的船员故事。");
        data.putArray("source").add("https://example.invalid/card");
        data.put("creation_date", 1700000000L).put("modification_date", 1700000100L);
        data.putArray("assets").addObject().put("type", "icon").put("uri", "ccdefault:").put("name", "main").put("ext", "png");
        ((ObjectNode) data.get("character_book").get("entries").get(0)).put("use_regex", false);
        byte[] bytes = PersonaJson.mapper().writeValueAsBytes(v3);
        Persona persona = only(PersonaImporter.read(bytes, "v3.json"));
        assertEquals(List.of("Cap"), persona.nicknames());
        JsonNode exported = tree(PersonaExporter.export(persona, ExportFormat.CARD_V3, null));
        assertEquals(tree(bytes), exported);
        JsonNode asV2 = tree(PersonaExporter.export(persona, ExportFormat.CARD_V2, null));
        assertEquals("chara_card_v2", asV2.get("spec").asText());
        assertEquals(data.get("extensions"), asV2.get("data").get("extensions"));
        assertEquals(data.get("character_book"), asV2.get("data").get("character_book"));
        assertTrue(asV2.get("data").get("group_only_greetings") == null, "V3-only fields stay out of V2");
    }

    @Test
    void cardV1MapsSixFieldsAndKeepsUnknownKeysAsExtraFields() {
        Persona persona = only(PersonaImporter.read(PersonaFixtures.resource("card-v1.json"), "card-v1.json"));
        assertEquals("Old Card", persona.name());
        assertEquals("<BOT> is a retired lighthouse keeper.", persona.biography());
        assertEquals("patient", persona.personality());
        assertEquals("A stormy night.", persona.card().get("scenario").asText());
        assertEquals("Come in, come in.", persona.card().get("first_mes").asText());
        assertEquals(List.of(new Persona.ExtraField("world", "coastal town")), persona.extraFields());
    }

    @Test
    void pngCardPrefersCcv3AndCarriesTheImageAsAvatar() throws Exception {
        byte[] image = PlainImage.forName("Mira");
        ObjectNode v3 = (ObjectNode) tree(PersonaFixtures.resource("card-v2.json"));
        v3.put("spec", "chara_card_v3").put("spec_version", "3.0");
        ((ObjectNode) v3.get("data")).put("name", "Mira from ccv3");
        byte[] png = PngCard.withCard(image, new String(PersonaFixtures.resource("card-v2.json"), StandardCharsets.UTF_8),
                v3.toString());
        PersonaImporter.Imported imported = PersonaImporter.read(png, "mira.png");
        assertEquals("Mira from ccv3", only(imported).name());
        assertArrayEquals(png, imported.avatarPng());
        byte[] charaOnly = PngCard.write(List.of(PngCard.chunks(image, "x").get(0), PngCard.chunks(image, "x").get(1),
                PngCard.textChunk("chara", Base64.getEncoder().encodeToString(PersonaFixtures.resource("card-v2.json"))),
                new PngCard.Chunk("IEND", new byte[0])));
        assertEquals("Captain Mira Vale", only(PersonaImporter.read(charaOnly, "chara.png")).name());
    }

    @Test
    void pngExportWritesBothChunksOverTheAvatarOrAPlainImage() throws Exception {
        Persona persona = only(PersonaImporter.read(PersonaFixtures.resource("card-v2.json"), "in.json"));
        byte[] withoutAvatar = PersonaExporter.export(persona, ExportFormat.PNG, null);
        Map<String, String> texts = PngCard.chunks(withoutAvatar, "out.png").stream()
                .filter(c -> c.type().equals("tEXt"))
                .collect(Collectors.toMap(c -> new String(c.data(), StandardCharsets.ISO_8859_1).split("\0")[0],
                        c -> new String(c.data(), StandardCharsets.ISO_8859_1).split("\0")[1]));
        assertEquals(java.util.Set.of("chara", "ccv3"), texts.keySet());
        JsonNode v2 = tree(Base64.getDecoder().decode(texts.get("chara")));
        JsonNode v3 = tree(Base64.getDecoder().decode(texts.get("ccv3")));
        assertEquals("chara_card_v2", v2.get("spec").asText());
        assertEquals("chara_card_v3", v3.get("spec").asText());
        assertEquals(tree(PersonaFixtures.resource("card-v2.json")), v2);
        assertNotNull(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(withoutAvatar)), "a valid image");
        byte[] avatar = PlainImage.forName("someone else");
        byte[] withAvatar = PersonaExporter.export(persona, ExportFormat.PNG, avatar);
        assertArrayEquals(PngCard.chunks(avatar, "a").get(1).data(), PngCard.chunks(withAvatar, "b").stream()
                .filter(c -> c.type().equals("IDAT")).findFirst().orElseThrow().data(), "the avatar's pixels are the image");
        Persona back = only(PersonaImporter.read(withAvatar, "back.png"));
        assertEquals(persona, back);
    }

    @Test
    void studioFieldsSurviveACardRoundTripInOurExtension() {
        for (Persona persona : List.of(PersonaFixtures.full("shen"),
                PersonaFixtures.full("shen").withPersonaText(PersonaForm.TEXT, "沈青禾，修古籍的人。\n说话轻。", 12))) {
            for (ExportFormat format : List.of(ExportFormat.CARD_V2, ExportFormat.CARD_V3, ExportFormat.PNG,
                    ExportFormat.JSON)) {
                Persona back = only(PersonaImporter.read(PersonaExporter.export(persona, format, null), format.label()));
                assertEquals(PersonaRepository.withIdAndAvatar(persona, "", ""),
                        PersonaRepository.withIdAndAvatar(back, "", ""), format.label());
            }
        }
    }

    @Test
    void chineseProfileMapImportsEachCharacterAndKeepsUnknownKeys() {
        PersonaImporter.Imported imported = PersonaImporter.read(PersonaFixtures.resource("profiles-zh.json"), "zh.json");
        assertEquals(2, imported.personas().size());
        Persona qinghe = imported.personas().get(0);
        assertEquals("沈青禾", qinghe.name());
        assertEquals("女", qinghe.gender());
        assertEquals("24岁", qinghe.age());
        assertEquals("165cm", qinghe.height());
        assertEquals(List.of("青青", "禾姐"), qinghe.nicknames());
        assertEquals("我", qinghe.selfReference());
        assertEquals("古籍修复师", qinghe.occupation());
        assertEquals("温和、细致、偶尔固执", qinghe.personality());
        assertEquals(List.of(new Persona.Relationship("沈墨", "哥哥"), new Persona.Relationship("林晓", "同事")),
                qinghe.relationships());
        assertEquals(List.of("慢慢来", "纸会记得"), qinghe.catchphrases());
        assertEquals(List.of("这页纸等了三百年，不差这一刻。", "慢慢来，纸会记得。"), qinghe.exampleLines());
        assertEquals("听雨、写小楷", qinghe.likes());
        assertEquals("文物保护专业本科", qinghe.education());
        assertEquals("博物馆修复室三年", qinghe.workHistory());
        assertEquals(List.of(new Persona.ExtraField("星座", "处女座"),
                new Persona.ExtraField("家乡", "省：浙江；城市：绍兴")), qinghe.extraFields());
        Persona mo = imported.personas().get(1);
        assertEquals("沈墨", mo.name(), "a profile without 姓名 takes its key as the name");
        assertEquals("出租车司机", mo.occupation());
    }

    @Test
    void singleChineseProfileWithSynonymsKeepsTheSecondAsExtraField() {
        String json = "{\"姓名\":\"阿福\",\"工作\":\"厨师\",\"人物经历\":\"从小学厨\",\"人物简介\":\"街口小馆老板\"}";
        Persona persona = only(PersonaImporter.read(json.getBytes(StandardCharsets.UTF_8), "one.json"));
        assertEquals("厨师", persona.occupation());
        assertEquals("从小学厨", persona.biography());
        assertEquals(List.of(new Persona.ExtraField("人物简介", "街口小馆老板")), persona.extraFields());
    }

    @Test
    void ownJsonImportsWithUnknownKeysAsExtraFields() {
        ObjectNode own = PersonaJson.toTree(PersonaFixtures.full("shen"));
        own.put("mood", "calm");
        Persona persona = only(PersonaImporter.read(own.toString().getBytes(StandardCharsets.UTF_8), "own.json"));
        assertEquals("沈青禾", persona.name());
        assertEquals(new Persona.ExtraField("mood", "calm"), persona.extraFields().get(persona.extraFields().size() - 1));
    }

    @Test
    void repositoryImportStoresEachCharacterAndTheAvatar() throws Exception {
        PersonaRepository repository = new PersonaRepository(dir.resolve("characters"));
        List<Persona> created = repository.importFile(PersonaFixtures.copy("profiles-zh.json", dir));
        assertEquals(List.of("沈青禾", "沈墨"), created.stream().map(Persona::id).toList());
        Path png = dir.resolve("mira.png");
        Persona mira = only(PersonaImporter.read(PersonaFixtures.resource("card-v2.json"), "in"));
        Files.write(png, PersonaExporter.export(mira, ExportFormat.PNG, null));
        Persona stored = repository.importFile(png).get(0);
        assertEquals("captain-mira-vale", stored.id());
        assertEquals("avatar.png", stored.avatar());
        assertTrue(repository.avatarPath(stored).isPresent());
        Path again = dir.resolve("again.png");
        repository.export(stored.id(), ExportFormat.PNG, again);
        assertEquals(tree(PersonaFixtures.resource("card-v2.json")),
                CharacterCards.toV2(only(PersonaImporter.read(again))));
    }

    @Test
    void aListOfProfilesImportsEachOne() {
        String json = "[{\"姓名\":\"甲\"},{\"name\":\"B\",\"description\":\"x\",\"personality\":\"y\"}]";
        PersonaImporter.Imported imported = PersonaImporter.read(json.getBytes(StandardCharsets.UTF_8), "list.json");
        assertEquals(List.of("甲", "B"), imported.personas().stream().map(Persona::name).toList());
    }

    @Test
    void aJpegAvatarBecomesThePngCardImage() throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(8, 6, java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xff0000);
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpg", jpeg);
        byte[] card = PersonaExporter.export(PersonaFixtures.full("shen"), ExportFormat.PNG, jpeg.toByteArray());
        java.awt.image.BufferedImage back = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(card));
        assertEquals(8, back.getWidth());
        assertEquals(6, back.getHeight());
        assertEquals("沈青禾", only(PersonaImporter.read(card, "card.png")).name());
    }
}
