package app.characterstudio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.model.Fixtures;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.ModelSummary;
import app.characterstudio.model.SafetensorsSource;
import app.characterstudio.model.TorchCheckpointSource;
import app.characterstudio.model.tokenizer.SentencePieceModelFile;
import app.characterstudio.model.tokenizer.Tokenizer;
import app.characterstudio.persona.ExportFormat;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaExporter;
import app.characterstudio.persona.PersonaImporter;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.persona.PngCard;
import app.characterstudio.script.ImportOptions;
import app.characterstudio.script.ImportProgress;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.script.ScriptReader;
import app.characterstudio.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "done when": seeded mutations of every kind of input the studio reads from outside, run in
 * one JVM through the importers (persona cards JSON and PNG, Chinese profiles, the script formats) and
 * the model readers (safetensors header, torch pickle, config.json, tokenizer.model). Each input must be
 * read or refused with one of the studio's own errors ({@link StudioException}); nothing else may escape,
 * and a refused import leaves the workspace as it was. The seed is fixed, so a failure names the kind and
 * input number that reproduces it; {@code -Dfuzz.perKind=N} changes how many inputs each kind gets.
 */
class HostileInputFuzzTest {
    private static final long SEED = 0x5EED_2026_1130L;
    private static final int PER_KIND = Integer.getInteger("fuzz.perKind", 2500);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, String> SUMMARY = new LinkedHashMap<>();

    @TempDir
    Path dir;

    /** How a kind's inputs fared; {@code escaped} lists whatever was thrown that is not the studio's own. */
    private static final class Tally {
        final String kind;
        int inputs;
        int accepted;
        int refused;
        final List<String> escaped = new ArrayList<>();
        final long start = System.nanoTime();
        final long cpuStart = processCpuNanos();

        Tally(String kind) {
            this.kind = kind;
        }

        /** Runs one input; a non-studio throwable is recorded, never rethrown, so every input runs. */
        void run(int index, Runnable read) {
            inputs++;
            try {
                read.run();
                accepted++;
            } catch (StudioException e) {
                refused++;
            } catch (Throwable e) {
                if (escaped.size() < 5) {
                    StackTraceElement[] at = e.getStackTrace();
                    escaped.add(kind + " #" + index + ": " + e + (at.length > 0 ? " at " + at[0] : ""));
                } else {
                    escaped.add(kind + " #" + index);
                }
            }
        }

        void finish() {
            long ms = (System.nanoTime() - start) / 1_000_000;
            long cpuMs = (processCpuNanos() - cpuStart) / 1_000_000;
            String line = inputs + " inputs, " + accepted + " read, " + refused + " refused, " + escaped.size()
                    + " escaped, " + ms + " ms wall, " + cpuMs + " ms CPU";
            SUMMARY.put(kind, line);
            System.out.println("fuzz " + kind + ": " + line);
            assertTrue(escaped.isEmpty(), kind + ": " + escaped.size() + " inputs escaped the studio's errors: "
                    + escaped.subList(0, Math.min(5, escaped.size())));
            assertEquals(PER_KIND, inputs);
            assertTrue(refused > 0, kind + ": no input was refused; the mutations are too gentle");
        }
    }

    /** CPU time of this JVM: on a shared, loaded machine a fairer measure than the wall clock. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    @AfterAll
    static void summary() {
        SUMMARY.forEach((kind, line) -> System.out.println("fuzz summary " + kind + ": " + line));
    }

    // ---------------------------------------------------------------- persona cards and profiles

    @Test
    void personaJsonCards() throws IOException {
        List<JsonNode> seeds = List.of(json(resource("persona/card-v1.json")), json(resource("persona/card-v2.json")),
                cardV3(), ownSheet());
        importPersonas("persona-json", seeds, ".json", bytes -> bytes);
    }

    @Test
    void chineseProfiles() throws IOException {
        JsonNode map = json(resource("persona/profiles-zh.json"));
        List<JsonNode> seeds = new ArrayList<>(List.of(map));
        map.elements().forEachRemaining(seeds::add);
        importPersonas("chinese-profiles", seeds, ".json", bytes -> bytes);
    }

    @Test
    void personaPngCards() throws IOException {
        byte[] image = PersonaExporter.export(Persona.named("seed", "Seed"), ExportFormat.PNG, null);
        List<JsonNode> seeds = List.of(json(resource("persona/card-v2.json")), cardV3());
        importPersonas("persona-png", seeds, ".png", cardJson -> pngWithCard(image, cardJson));
    }

    /** Mutated JSON (or, one time in three, mutated bytes) through a real import into a real characters folder. */
    private void importPersonas(String kind, List<JsonNode> seeds, String extension, Function<byte[], byte[]> wrap)
            throws IOException {
        Random random = new Random(SEED ^ kind.hashCode());
        Path characters = dir.resolve("characters");
        PersonaRepository repository = new PersonaRepository(characters);
        Path file = dir.resolve("input" + extension);
        Tally tally = new Tally(kind);
        for (int i = 0; i < PER_KIND; i++) {
            JsonNode seed = seeds.get(random.nextInt(seeds.size()));
            byte[] bytes = wrap.apply(serialize(Mutator.json(seed, random, PERSONA_KEYS, PERSONA_PATHS)));
            if (random.nextInt(3) == 0) {
                bytes = Mutator.bytes(bytes, random);
            }
            byte[] input = bytes;
            if (i % 5 == 0) {
                // one in five goes all the way into the characters folder: a refused file leaves nothing there
                Files.write(file, input);
                tally.run(i, () -> {
                    try {
                        repository.importFile(file).forEach(p -> deleteTree(repository.folderOf(p.id())));
                    } catch (StudioException e) {
                        assertEquals(List.of(), listing(characters), "a refused import left files behind");
                        throw e;
                    }
                });
            } else {
                tally.run(i, () -> PersonaImporter.read(input, "input" + extension));
            }
        }
        tally.finish();
    }

    private static final List<String> PERSONA_KEYS = List.of("name", "description", "personality", "first_mes",
            "mes_example", "data", "spec", "spec_version", "extensions", "character_studio", "nicknames", "nickname",
            "relationships", "extra_fields", "aliases", "tags", "alternate_greetings", "character_book", "card",
            "example_lines", "姓名", "昵称", "人物关系", "性格", "经典台词", "标签", "别名", "id", "avatar");

    /** Where cards, sheets and profiles keep what the studio maps: each gets hostile values of every shape. */
    private static final List<String> PERSONA_PATHS = List.of("data.extensions.character_studio.nicknames",
            "data.extensions.character_studio.relationships", "data.extensions.character_studio.extra_fields",
            "data.extensions.character_studio.aliases", "data.extensions.character_studio.gender",
            "data.extensions.character_studio.catchphrases", "data.extensions", "data.tags", "data.nickname",
            "data.alternate_greetings", "data.character_book", "data.name", "data.mes_example", "spec", "spec_version",
            "nicknames", "relationships", "extra_fields", "card", "tags", "example_lines", "name", "姓名", "昵称",
            "人物关系", "经典台词", "标签");

    private static JsonNode cardV3() throws IOException {
        ObjectNode card = (ObjectNode) json(resource("persona/card-v2.json"));
        card.put("spec", "chara_card_v3").put("spec_version", "3.0");
        ((ObjectNode) card.get("data")).put("nickname", "Mi");
        ObjectNode ours = ((ObjectNode) card.get("data")).putObject("extensions").putObject("character_studio");
        ours.putArray("nicknames").add("Mimi").add("M");
        ours.putArray("relationships").addObject().put("name", "Bo").put("relation", "friend");
        ours.put("gender", "female");
        return card;
    }

    private static JsonNode ownSheet() throws IOException {
        return JSON.readTree("{\"name\":\"Mira\",\"nicknames\":[\"Mi\"],\"self_reference\":\"I\",\"personality\":\"calm\","
                + "\"relationships\":[{\"name\":\"Bo\",\"relation\":\"friend\"}],\"example_lines\":[\"hi\"],"
                + "\"extra_fields\":[{\"key\":\"k\",\"value\":\"v\"}],\"tags\":[\"a\"],\"aliases\":[\"M\"]}");
    }

    /** A PNG whose 'chara' and 'ccv3' text chunks hold {@code cardJson}, as card tools write it. */
    private static byte[] pngWithCard(byte[] image, byte[] cardJson) {
        String card = new String(cardJson, StandardCharsets.UTF_8);
        return PngCard.withCard(image, card, card);
    }

    // ---------------------------------------------------------------- scripts

    @Test
    void scriptFormats() throws IOException {
        Charset gb = Charset.forName("GB18030");
        List<String[]> seeds = List.of(
                new String[] {"play.txt", new String(resource("script/retrieval.txt"), StandardCharsets.UTF_8)},
                new String[] {"table.csv", new String(resource("script/utf8-bom.csv"), StandardCharsets.UTF_8)},
                new String[] {"lines.tsv", "speaker\ttext\tscene\n二二\t你好（笑）\t1\n三三\t「再见」\t1\n\n旁白\t夜深了\t2\n"},
                new String[] {"chat.jsonl", "{\"role\":\"二二\",\"text\":\"你好\"}\n{\"speaker\":\"三三\",\"content\":\"嗯\","
                        + "\"scene\":2}\n[{\"name\":\"A\",\"text\":\"x\"}]\n"},
                new String[] {"subs.srt", "1\n00:00:01,000 --> 00:00:02,000\n二二：你好\n\n2\n00:00:09,500 --> "
                        + "00:00:10,000\n<i>三三：再见</i>\n"});
        List<String> inserts = List.of("\u0000", "\u001b", "\r", "\"", "\t", "：", ":", "（", "）", "-->", "\n\n",
                "名".repeat(11_000) + "\t", "a".repeat(300) + ",", "{\"role\":" + "[".repeat(200), "99:99:99,999 --> 1");
        Random random = new Random(SEED ^ "scripts".hashCode());
        Tally tally = new Tally("scripts");
        int stored = 0;
        try (Database database = Database.open(dir.resolve("studio.db"));
             ScriptLibrary library = new ScriptLibrary(database, dir.resolve("index"), 1)) {
            for (int i = 0; i < PER_KIND; i++) {
                String[] seed = seeds.get(random.nextInt(seeds.size()));
                String name = random.nextInt(8) == 0 ? seeds.get(random.nextInt(seeds.size()))[0] : seed[0];
                StringBuilder text = new StringBuilder(seed[1]);
                for (int k = random.nextInt(4); k >= 0; k--) {
                    text.insert(random.nextInt(text.length() + 1), inserts.get(random.nextInt(inserts.size())));
                }
                byte[] bytes = text.toString().getBytes(random.nextInt(5) == 0 ? gb : StandardCharsets.UTF_8);
                if (random.nextBoolean()) {
                    bytes = Mutator.bytes(bytes, random);
                }
                byte[] input = bytes;
                if (i % 50 == 0) {
                    // one in 50 goes all the way into the workspace: a refused file stores nothing
                    Path file = Files.write(dir.resolve(name), input);
                    int before = library.sources().size();
                    tally.run(i, () -> {
                        try {
                            library.importFiles(List.of(file), ImportOptions.defaults(), ImportProgress.NONE);
                        } catch (StudioException e) {
                            assertEquals(before, library.sources().size(), "a refused script stored a source");
                            throw e;
                        }
                    });
                    stored = library.sources().size();
                } else {
                    tally.run(i, () -> ScriptReader.read(name, name, input, ImportOptions.defaults()));
                }
            }
        }
        assertTrue(stored > 0, "some mutated scripts are still scripts");
        tally.finish();
    }

    // ---------------------------------------------------------------- model readers

    @Test
    void safetensorsHeaders() throws IOException {
        List<JsonNode> seeds = List.of(JSON.readTree("{\"__metadata__\":{\"format\":\"pt\"},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[16,24]},"
                        + "\"c\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[24,32]}}"),
                realSafetensorsHeader());
        List<String> keys = List.of("dtype", "shape", "data_offsets", "__metadata__", "a", "b");
        Random random = new Random(SEED ^ "safetensors".hashCode());
        Path file = dir.resolve("model.safetensors");
        Tally tally = new Tally("safetensors");
        for (int i = 0; i < PER_KIND; i++) {
            byte[] header = serialize(Mutator.json(seeds.get(random.nextInt(seeds.size())), random, keys));
            int data = random.nextInt(4) == 0 ? random.nextInt(64) : 32;
            ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + data).order(ByteOrder.LITTLE_ENDIAN);
            bytes.putLong(header.length).put(header);
            byte[] whole = bytes.array();
            Files.write(file, random.nextInt(3) == 0 ? Mutator.bytes(whole, random) : whole);
            tally.run(i, () -> {
                try (var source = SafetensorsSource.open(file)) {
                    source.names().forEach(source::info);
                }
            });
        }
        tally.finish();
    }

    @Test
    void torchPickles() throws IOException {
        // the small fixtures keep their storages, so a pickle the mutation spared still loads; the tiny
        // model's state dict pickle goes without its (large) storages
        List<Map<String, byte[]>> seeds = new ArrayList<>();
        try (Stream<Path> bad = Files.list(Fixtures.bad("evil-nested.bin").getParent())) {
            for (Path file : bad.sorted().toList()) {
                seeds.add(Fixtures.zipEntries(file));
            }
        }
        Map<String, byte[]> tiny = Fixtures.zipEntries(Fixtures.tinyIndex().resolve("pytorch_model.bin"));
        seeds.add(Map.of("archive/data.pkl", tiny.entrySet().stream().filter(e -> e.getKey().endsWith("data.pkl"))
                .findFirst().orElseThrow().getValue()));
        Random random = new Random(SEED ^ "pickle".hashCode());
        Path file = dir.resolve("pytorch_model.bin");
        Tally tally = new Tally("pickle");
        for (int i = 0; i < PER_KIND; i++) {
            Map<String, byte[]> entries = new LinkedHashMap<>(seeds.get(random.nextInt(seeds.size())));
            entries.replaceAll((name, bytes) -> name.endsWith("data.pkl") ? Mutator.bytes(bytes, random) : bytes);
            Files.write(file, Fixtures.storedZip(entries));
            tally.run(i, () -> TorchCheckpointSource.open(file).close());
        }
        tally.finish();
    }

    @Test
    void configJson() throws IOException {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.copy(Fixtures.tinyIndex().resolve("model.safetensors"), model.resolve("model.safetensors"));
        JsonNode seed = json(Files.readAllBytes(Fixtures.tinyIndex().resolve("config.json")));
        List<String> keys = new ArrayList<>();
        seed.fieldNames().forEachRemaining(keys::add);
        keys.add("rope_scaling");
        Random random = new Random(SEED ^ "config".hashCode());
        Tally tally = new Tally("config.json");
        for (int i = 0; i < PER_KIND; i++) {
            byte[] config = serialize(Mutator.json(seed, random, keys));
            Files.write(model.resolve("config.json"), random.nextInt(4) == 0 ? Mutator.bytes(config, random) : config);
            tally.run(i, () -> ModelSummary.of(ModelFolder.open(model)));
        }
        tally.finish();
    }

    @Test
    void tokenizerModelFiles() throws IOException {
        byte[] seed = firstPieces(Files.readAllBytes(Fixtures.tinyIndex().resolve("tokenizer.model")), 300);
        Random random = new Random(SEED ^ "tokenizer".hashCode());
        Path file = dir.resolve("tokenizer.model");
        Tally tally = new Tally("tokenizer.model");
        for (int i = 0; i < PER_KIND; i++) {
            Files.write(file, Mutator.bytes(seed, random));
            tally.run(i, () -> {
                // the studio's own reader first; only a file it accepts reaches the native SentencePiece
                SentencePieceModelFile.read(file);
                try (Tokenizer tokenizer = Tokenizer.open(file)) {
                    tokenizer.encode("你好，world");
                }
            });
        }
        tally.finish();
    }

    /**
     * The tokenizer model with only its first {@code keep} pieces (field 1) and every other top-level field
     * (trainer and normalizer specs): a real model file, small enough to read thousands of times.
     */
    private static byte[] firstPieces(byte[] model, int keep) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        int position = 0;
        int pieces = 0;
        while (position < model.length) {
            int start = position;
            long[] tag = varint(model, position);
            long[] length = varint(model, (int) tag[1]);
            position = (int) (length[1] + length[0]);
            if (tag[0] >>> 3 != 1 || pieces++ < keep) {
                kept.write(model, start, position - start);
            }
        }
        return kept.toByteArray();
    }

    /** {value, position after it}: every top-level field of a SentencePiece model is length-delimited. */
    private static long[] varint(byte[] bytes, int position) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bytes[position++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return new long[] {value, position};
            }
        }
    }

    private static JsonNode realSafetensorsHeader() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.tinyIndex().resolve("model.safetensors"));
        long length = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return JSON.readTree(new String(bytes, 8, (int) length, StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- mutations

    /** Seeded mutations: of bytes (bit flips, boundary values, cuts, repeats) and of JSON trees (hostile values). */
    static final class Mutator {
        private static final int[] INTERESTING = {0, 0xFF, 0x7F, 0x80, 0x01, 0xFE, '\n', '"', '{', '[', ']', '}'};
        private static final byte[][] WORDS = {"-1".getBytes(), "4294967295".getBytes(), "9223372036854775807".getBytes(),
            "\u0000".getBytes(), "null".getBytes(), "1e999".getBytes(), "\\u0000".getBytes(),
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}, {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            {0, 0, 0, (byte) 0x80}, {(byte) 0x8E, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0}};

        private Mutator() {
        }

        static byte[] bytes(byte[] seed, Random random) {
            byte[] bytes = seed.clone();
            for (int ops = 1 + random.nextInt(4); ops > 0 && bytes.length > 0; ops--) {
                int at = random.nextInt(bytes.length);
                switch (random.nextInt(7)) {
                    case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> bytes[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
                    case 2 -> bytes = splice(bytes, at, 0, WORDS[random.nextInt(WORDS.length)]);
                    case 3 -> bytes = splice(bytes, at, Math.min(bytes.length - at, 1 + random.nextInt(16)), new byte[0]);
                    case 4 -> bytes = java.util.Arrays.copyOf(bytes, at);
                    case 5 -> {
                        int length = Math.min(bytes.length - at, 1 + random.nextInt(64));
                        bytes = splice(bytes, at, 0, java.util.Arrays.copyOfRange(bytes, at, at + length));
                    }
                    default -> {
                        byte[] noise = new byte[1 + random.nextInt(8)];
                        random.nextBytes(noise);
                        bytes = splice(bytes, at, 0, noise);
                    }
                }
            }
            return bytes;
        }

        private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
            byte[] result = new byte[bytes.length - remove + insert.length];
            System.arraycopy(bytes, 0, result, 0, at);
            System.arraycopy(insert, 0, result, at, insert.length);
            System.arraycopy(bytes, at + remove, result, at + insert.length, bytes.length - at - remove);
            return result;
        }

        /** A copy of {@code seed} with one to three values replaced, removed or added under {@code keys}. */
        static JsonNode json(JsonNode seed, Random random, List<String> keys) {
            return json(seed, random, keys, List.of());
        }

        /** As above; one time in two one of {@code paths} (dotted, made where missing) gets a hostile value. */
        static JsonNode json(JsonNode seed, Random random, List<String> keys, List<String> paths) {
            JsonNode root = seed.deepCopy();
            if (!paths.isEmpty() && root instanceof ObjectNode object && random.nextBoolean()) {
                String[] steps = paths.get(random.nextInt(paths.size())).split("\\.");
                ObjectNode parent = object;
                for (int i = 0; i < steps.length - 1; i++) {
                    parent = parent.get(steps[i]) instanceof ObjectNode child ? child : parent.putObject(steps[i]);
                }
                parent.set(steps[steps.length - 1], wrongShape(random));
                return root;
            }
            for (int ops = 1 + random.nextInt(3); ops > 0; ops--) {
                JsonNode container = pickContainer(root, random);
                if (container instanceof ObjectNode object) {
                    List<String> names = new ArrayList<>();
                    object.fieldNames().forEachRemaining(names::add);
                    int choice = random.nextInt(4);
                    if (choice == 0 && !names.isEmpty()) {
                        object.remove(names.get(random.nextInt(names.size())));
                    } else if (choice == 1 || names.isEmpty()) {
                        object.set(keys.get(random.nextInt(keys.size())), hostile(random));
                    } else {
                        object.set(names.get(random.nextInt(names.size())), hostile(random));
                    }
                } else if (container instanceof ArrayNode array) {
                    if (array.isEmpty() || random.nextBoolean()) {
                        array.add(hostile(random));
                    } else {
                        array.set(random.nextInt(array.size()), hostile(random));
                    }
                }
            }
            return root;
        }

        private static JsonNode pickContainer(JsonNode root, Random random) {
            JsonNode node = root;
            while (random.nextInt(3) != 0) {
                List<JsonNode> children = new ArrayList<>();
                for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                    JsonNode child = it.next();
                    if (child.isContainerNode()) {
                        children.add(child);
                    }
                }
                if (children.isEmpty()) {
                    break;
                }
                node = children.get(random.nextInt(children.size()));
            }
            return node;
        }

        /** A value of any shape, objects and lists of objects as often as text: what a field must expect. */
        static JsonNode wrongShape(Random random) {
            return switch (random.nextInt(4)) {
                case 0 -> NODES.objectNode().put("a", "b").set("0", NODES.arrayNode().add(1));
                case 1 -> NODES.arrayNode().add(NODES.objectNode().put("x", 1)).add("y");
                default -> hostile(random);
            };
        }

        static JsonNode hostile(Random random) {
            return switch (random.nextInt(18)) {
                case 0 -> NODES.nullNode();
                case 1 -> NODES.booleanNode(random.nextBoolean());
                case 2 -> NODES.numberNode(0);
                case 3 -> NODES.numberNode(-1);
                case 4 -> NODES.numberNode(Integer.MAX_VALUE);
                case 5 -> NODES.numberNode(Long.MAX_VALUE);
                case 6 -> NODES.numberNode(1_000_000_000);
                case 7 -> NODES.numberNode(1e308);
                case 8 -> NODES.numberNode(new java.math.BigInteger("1" + "0".repeat(40)));
                case 9 -> NODES.textNode("");
                case 10 -> NODES.textNode("名".repeat(11_000));
                case 11 -> NODES.textNode("\u0000\u001b");
                case 12 -> NODES.objectNode();
                case 13 -> NODES.arrayNode();
                case 14 -> NODES.objectNode().set("a", NODES.arrayNode().add(NODES.objectNode()));
                case 15 -> {
                    ArrayNode deep = NODES.arrayNode();
                    ArrayNode inner = deep;
                    for (int i = 0; i < 200; i++) {
                        inner = inner.addArray();
                    }
                    yield deep;
                }
                case 16 -> NODES.arrayNode().add("x").add(1).add(NODES.nullNode());
                default -> NODES.textNode("text");
            };
        }
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] serialize(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(byte[] bytes) throws IOException {
        return JSON.readTree(bytes);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = HostileInputFuzzTest.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return in.readAllBytes();
        }
    }

    private static List<String> listing(Path folder) {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
