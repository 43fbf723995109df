package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.label.LabelService;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.CandidateDraft;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.LabelBundleRepository;
import app.characterstudio.store.LabelVote;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several labelers, undo, the queue, goals and guidelines from the command line. Two sessions of
 * "lin" and one of "zhao" with four turns: 1 (replies a, b, c), 2 (d, e) of lin; 3 (f, g), 4 (h, i) of zhao.
 */
class LabelQueueCommandTest {
    private static final double EPSILON = 1e-9;

    @TempDir
    Path root;
    private Path alice;
    /** Reply ids a..i, and turn ids 1..4 at index 0..3. */
    private final List<Long> reply = new ArrayList<>();
    private final List<Long> turn = new ArrayList<>();

    @BeforeEach
    void twoSessions() throws Exception {
        alice = Files.createDirectories(root.resolve("alice"));
        try (Database database = Database.open(alice.resolve("studio.db"))) {
            ConversationRepository conversations = new ConversationRepository(database);
            long lin = conversations.createSession("lin", "", "user").id();
            addTurn(conversations, lin, "a", "b", "c");
            long lin2 = conversations.createSession("lin", "", "user").id();
            addTurn(conversations, lin2, "d", "e");
            long zhao = conversations.createSession("zhao", "", "user").id();
            addTurn(conversations, zhao, "f", "g");
            addTurn(conversations, zhao, "h", "i");
        }
    }

    private void addTurn(ConversationRepository conversations, long session, String... texts) {
        long id = conversations.addTurn(session, null, "turn " + (turn.size() + 1)).id();
        turn.add(id);
        conversations.addCandidates(id, "b", Arrays.stream(texts)
                .map(t -> CandidateDraft.handWritten(t, null, null, null, null)).toList()).stream()
                .map(Candidate::id).forEach(reply::add);
    }

    private String id(char replyName) {
        return Long.toString(reply.get(replyName - 'a'));
    }

    private String turn(int number) {
        return Long.toString(turn.get(number - 1));
    }

    private static CliRunner.Result ok(CliRunner.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private static void label(CliRunner cli, int turnNumber, String... args) {
        List<String> all = new ArrayList<>(List.of("label", "set", "--turn", "" + turnNumber));
        all.addAll(List.of(args));
        ok(cli.run(all.toArray(String[]::new)));
    }

    @Test
    void twoLabelersBundlesMergeSideBySideAndTheirAgreementIsAsComputedByHand() throws Exception {
        Path bob = Files.createDirectories(root.resolve("bob"));
        Files.copy(alice.resolve("studio.db"), bob.resolve("studio.db"));
        CliRunner a = new CliRunner(alice);
        CliRunner b = new CliRunner(bob);
        ok(a.run("label", "labeler", "alice"));
        ok(b.run("label", "labeler", "bob"));

        // alice: 1 a>b, 2 d>e, 3 f>g, 4 h;  bob: 1 a>c, 2 e>d, 3 f>g (4 unlabeled)
        labelTurn(a, 1, 'a', 'b');
        labelTurn(a, 2, 'd', 'e');
        labelTurn(a, 3, 'f', 'g');
        ok(a.run("label", "set", "--turn", turn(4), "--chosen", id('h')));
        labelTurn(b, 1, 'a', 'c');
        labelTurn(b, 2, 'e', 'd');
        labelTurn(b, 3, 'f', 'g');

        Path bobBundle = root.resolve("bundles/bob.json");
        assertTrue(ok(b.run("label", "export-bundle", "--out", bobBundle.toString())).out()
                .contains("3 labels by bob written to"));
        String merged = ok(a.run("label", "import-bundle", bobBundle.toString())).out();
        assertTrue(merged.contains("Merged 3 labels (1 choose otherwise"), merged);
        assertTrue(ok(a.run("label", "import-bundle", bobBundle.toString())).out()
                .contains("Merged 0 labels (0 choose otherwise than another labeler, kept side by side); 3 were already here."));

        try (Database database = Database.open(alice.resolve("studio.db"))) {
            LabelService labels = new LabelService(database);
            assertEquals(reply.get(3), labels.find(turn.get(1)).orElseThrow().chosenCandidateId(),
                    "alice's own label of turn 2 (d) is not overwritten by bob's (e)");
            assertEquals("alice", labels.labelerOf(turn.get(1)).orElseThrow());
            List<LabelVote> turn2 = new LabelBundleRepository(database).votes().stream()
                    .filter(v -> v.turnId() == turn.get(1)).toList();
            assertEquals(List.of("alice", "bob"), turn2.stream().map(LabelVote::labeler).toList());
            assertEquals(reply.get(4), turn2.get(1).chosenCandidateId(), "bob's choice kept side by side");
        }

        assertEquals("alice\tchosen " + id('d') + "\trejected [" + id('e') + "]\nbob\tchosen " + id('e')
                + "\trejected [" + id('d') + "]\n", ok(a.run("label", "show", "--turn", turn(2))).out(),
                "the conflict of turn 2 side by side");

        // By hand. Items: the 7 replies of turns 1-3 (turn 4 only alice labeled).
        //   alice: a C, b R, c N, d C, e R, f C, g R    bob: a C, b N, c R, d R, e C, f C, g R
        //   same category: a, f, g -> po = 3/7; each labeler C 3/7, R 3/7, N 1/7 -> pe = (9+9+1)/49 = 19/49
        //   kappa = (21/49 - 19/49) / (30/49) = 2/30 = 1/15; same chosen reply: turns 1, 3 of 3 -> 2/3
        // lin (turns 1, 2; replies a-e): same a only -> po = 1/5; C 2/5, R 2/5, N 1/5 each -> pe = 9/25
        //   kappa = (5/25 - 9/25) / (16/25) = -1/4; same chosen: turn 1 of 2 -> 1/2
        // zhao (turn 3; f, g): po = 1, pe = 1/4 + 1/4 = 1/2 -> kappa = 1; same chosen 1/1
        JsonNode report = new ObjectMapper().readTree(ok(a.run("label", "agreement", "--json")).out());
        assertAgreement(report);

        Path aliceBundle = root.resolve("bundles/alice.json");
        assertTrue(ok(a.run("label", "export-bundle", "--out", aliceBundle.toString())).out()
                .contains("7 labels by alice, bob written to"), "own and merged labels travel on");
        assertTrue(ok(b.run("label", "import-bundle", aliceBundle.toString())).out()
                .contains("Merged 4 labels (1 choose otherwise than another labeler, kept side by side); 3 were already here."));
        assertAgreement(new ObjectMapper().readTree(ok(b.run("label", "agreement", "--json")).out()));
        String text = ok(b.run("label", "agreement")).out();
        assertTrue(text.contains("alice and bob: 3 turns both labeled, same choice in 2 (66.7%), kappa 0.067"), text);
        assertTrue(text.contains("  lin: 2 turns both labeled, same choice in 1 (50.0%), kappa -0.250"), text);
    }

    private void labelTurn(CliRunner cli, int number, char chosen, char rejected) {
        ok(cli.run("label", "set", "--turn", turn(number), "--chosen", id(chosen), "--rejected", id(rejected)));
    }

    private static void assertAgreement(JsonNode report) {
        assertEquals("[\"alice\",\"bob\"]", report.get("labelers").toString());
        assertEquals(1, report.get("pairs").size());
        JsonNode pair = report.get("pairs").get(0);
        assertEquals("alice", pair.get("labeler_a").asText());
        assertEquals("bob", pair.get("labeler_b").asText());
        JsonNode overall = pair.get("overall");
        assertEquals(3, overall.get("shared_turns").asInt());
        assertEquals(2, overall.get("same_choice").asInt());
        assertEquals(2.0 / 3, overall.get("agreement").asDouble(), EPSILON);
        assertEquals(1.0 / 15, overall.get("kappa").asDouble(), EPSILON);
        JsonNode lin = pair.get("per_character").get(0);
        assertEquals("lin", lin.get("character_id").asText());
        assertEquals(2, lin.get("shared_turns").asInt());
        assertEquals(0.5, lin.get("agreement").asDouble(), EPSILON);
        assertEquals(-0.25, lin.get("kappa").asDouble(), EPSILON);
        JsonNode zhao = pair.get("per_character").get(1);
        assertEquals("zhao", zhao.get("character_id").asText());
        assertEquals(1, zhao.get("shared_turns").asInt());
        assertEquals(1.0, zhao.get("agreement").asDouble(), EPSILON);
        assertEquals(1.0, zhao.get("kappa").asDouble(), EPSILON);
    }

    @Test
    void aBundleOfOtherSessionsOrNoBundleIsRefusedAndNothingIsMerged() throws Exception {
        CliRunner a = new CliRunner(alice);
        labelTurn(a, 1, 'a', 'b');
        CliRunner.Result unnamed = a.run("label", "export-bundle", "--out", root.resolve("x.json").toString());
        assertEquals(2, unnamed.exitCode(), unnamed.toString());
        assertTrue(unnamed.err().contains("have no labeler name yet"), unnamed.err());
        assertTrue(ok(a.run("label", "labeler", "alice")).out().contains("1 earlier labels without a name are now theirs"));
        Path bundle = root.resolve("alice.json");
        ok(a.run("label", "export-bundle", "--out", bundle.toString()));

        Path other = Files.createDirectories(root.resolve("other"));
        try (Database database = Database.open(other.resolve("studio.db"))) {
            addTurn(new ConversationRepository(database), new ConversationRepository(database)
                    .createSession("lin", "", "user").id(), "x");
        }
        CliRunner o = new CliRunner(other);
        CliRunner.Result foreign = o.run("label", "import-bundle", bundle.toString());
        assertEquals(2, foreign.exitCode(), foreign.toString());
        assertTrue(foreign.err().contains("which this workspace does not have") && foreign.err().contains("Nothing was merged"),
                foreign.err());
        assertTrue(ok(o.run("label", "agreement")).out().contains("No turn is labeled by two labelers yet (labelers: none)"));

        Files.writeString(root.resolve("notes.json"), "{\"format\": \"something else\"}");
        CliRunner.Result notABundle = o.run("label", "import-bundle", root.resolve("notes.json").toString());
        assertTrue(notABundle.err().contains("is not a label bundle (its \"format\""), notABundle.err());
        CliRunner.Result broken = o.run("label", "import-bundle", root.resolve("missing.json").toString());
        assertTrue(broken.err().contains("There is no label bundle"), broken.err());
        CliRunner.Result badName = o.run("label", "labeler", "a,b");
        assertTrue(badName.err().contains("must not hold control characters or commas"), badName.err());
    }

    @Test
    void undoWalksBackThroughTheLabelHistoryKeptInTheDatabase() throws Exception {
        CliRunner cli = new CliRunner(alice);
        ok(cli.run("label", "set", "--turn", turn(1), "--chosen", id('a')));
        ok(cli.run("label", "set", "--turn", turn(1), "--chosen", id('b'), "--rejected", id('a'), "--labeler", "carol"));
        ok(cli.run("label", "set", "--turn", turn(2), "--chosen", id('d')));

        assertEquals("Undone: turn " + turn(2) + " (session 2) has no label again.\n",
                ok(cli.run("label", "undo")).out());
        assertEquals("Undone: turn " + turn(1) + " (session 1) has its earlier label again: chosen " + id('a')
                + ", rejected [].\n", ok(cli.run("label", "undo")).out());
        try (Database database = Database.open(alice.resolve("studio.db"))) {
            LabelService labels = new LabelService(database);
            assertEquals(reply.get(0), labels.find(turn.get(0)).orElseThrow().chosenCandidateId());
            assertEquals("", labels.labelerOf(turn.get(0)).orElseThrow(), "carol's label is gone with the undo");
            assertTrue(labels.find(turn.get(1)).isEmpty());
        }
        JsonNode third = new ObjectMapper().readTree(ok(cli.run("label", "undo", "--json")).out());
        assertEquals("none", third.get("restored").asText());
        assertTrue(ok(cli.run("label", "undo")).out().contains("Nothing to undo"));

        ok(cli.run("label", "set", "--turn", turn(3), "--chosen", id('f')));
        assertTrue(ok(cli.run("label", "undo")).out().contains("turn " + turn(3)), "a new change is undone first");
    }

    @Test
    void nextGoesThroughUnlabeledTurnsOfTheChosenCharactersAndProgressCountsTowardAGoal() throws Exception {
        CliRunner cli = new CliRunner(alice);
        assertEquals("Next: turn " + turn(3) + " of session 3 (zhao): turn 3\n",
                ok(cli.run("label", "next", "--character", "zhao")).out());
        labelTurn(cli, 3, 'f', 'g');
        assertEquals("Next: turn " + turn(4) + " of session 3 (zhao): turn 4\n",
                ok(cli.run("label", "next", "--character", "zhao", "--after-turn", turn(3))).out());
        assertTrue(ok(cli.run("label", "next", "--after-turn", turn(4))).out().startsWith("Next: turn " + turn(1) + " "),
                "wraps round to the first unlabeled turn");
        JsonNode next = new ObjectMapper().readTree(ok(cli.run("label", "next", "--character", "lin", "--json")).out());
        assertEquals(turn.get(0).longValue(), next.get("turn_id").asLong());
        ok(cli.run("label", "set", "--turn", turn(4), "--chosen", id('h')));
        assertEquals("Every turn with replies is labeled for zhao.\n",
                ok(cli.run("label", "next", "--character", "zhao")).out());

        assertEquals("zhao: 2/8 (25% of the goal)\n", ok(cli.run("label", "goal", "--character", "zhao", "8")).out());
        ok(cli.run("label", "goal", "--character", "nobody-yet", "5"));
        String progress = ok(cli.run("label", "progress")).out();
        assertTrue(progress.contains("lin\t0 labeled\t2 unlabeled\t0/2 labeled (no goal)"), progress);
        assertTrue(progress.contains("zhao\t2 labeled\t0 unlabeled\t2/8 (25% of the goal)"), progress);
        assertTrue(progress.contains("nobody-yet\t0 labeled\t0 unlabeled\t0/5 (0% of the goal)"), progress);
        JsonNode json = new ObjectMapper().readTree(ok(cli.run("label", "progress", "--json")).out());
        assertEquals(25.0, json.get(2).get("percent_of_goal").asDouble(), EPSILON);
        assertTrue(json.get(0).get("percent_of_goal").isNull(), "lin has no goal");
        CliRunner.Result bad = cli.run("label", "goal", "--character", "zhao", "--", "-3");
        assertTrue(bad.err().contains("A labeling goal is 0 (none) to 1000000 turns, not -3."), bad.toString());
    }

    @Test
    void guidelinesAreAMarkdownFileOfTheWorkspace() throws Exception {
        CliRunner cli = new CliRunner(alice);
        assertTrue(ok(cli.run("label", "guidelines")).out().startsWith("# Labeling guidelines"));
        assertFalse(Files.exists(alice.resolve("guidelines.md")));
        Path mine = root.resolve("mine.md");
        Files.writeString(mine, "# 林的标注准则\n\n- 语气要冷淡\n");
        assertTrue(ok(cli.run("label", "guidelines", "--set", mine.toString())).out().contains("guidelines.md"));
        assertEquals("# 林的标注准则\n\n- 语气要冷淡\n", Files.readString(alice.resolve("guidelines.md")));
        assertEquals("# 林的标注准则\n\n- 语气要冷淡\n", ok(cli.run("label", "guidelines")).out());
        CliRunner.Result missing = cli.run("label", "guidelines", "--set", root.resolve("none.md").toString());
        assertTrue(missing.err().contains("Cannot read"), missing.toString());
    }
}
