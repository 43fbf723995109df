package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.chat.ChatFixtures;
import app.characterstudio.chat.ChatPorts;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.ScriptedReplyGenerator;
import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.label.ReasonTag;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Database;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.kit.TaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The chat screen's logic, without any control. */
class ChatViewModelTest {
    @TempDir
    Path characters;

    private final Database database = Database.inMemory();
    private final AtomicLong clock = new AtomicLong(1_000_000);

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private ChatViewModel model(ChatPorts ports) {
        return model(ports, TaskExecutor.currentThread());
    }

    private ChatViewModel model(ChatPorts ports, TaskExecutor executor) {
        PersonaRepository personas = new PersonaRepository(characters);
        personas.save(ChatFixtures.sansan());
        ChatService service = new ChatService(database, personas, ports);
        ChatViewModel model = new ChatViewModel(() -> service, new LabelService(database),
                personas, executor, clock::get);
        try {
            OnFx.run(model::loadCharacters);
            WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                    () -> OnFx.call(() -> !model.characters().isEmpty()));
            OnFx.run(() -> model.selectCharacter(model.characters().get(0)));
            WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                    () -> OnFx.call(() -> opened(model)));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the character was not opened: " + OnFx.call(() -> model.statusProperty().get()), e);
        }
        return model;
    }

    /** The character's session is shown: its tree, and its latest turn where it has one. */
    private static boolean opened(ChatViewModel model) {
        app.characterstudio.chat.Conversation tree = model.conversationProperty().get();
        return tree != null && (tree.latestTurn().isEmpty() || model.currentTurnProperty().get() != null);
    }

    private static ChatPorts fakeModel() {
        return new ChatPorts(new ScriptedReplyGenerator(), ChatFixtures.ONE_TOKEN_PER_CHARACTER, new ChatFixtures.FixedRetriever());
    }

    private static void on(Runnable action) {
        OnFx.run(action);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void send(ChatViewModel model, String text) {
        on(() -> {
            model.messageProperty().set(text);
            model.send();
        });
    }

    @Test
    void withoutAModelTheCreatorWritesRepliesAndLabelsThem() {
        ChatViewModel model = model(ChatPorts.offline());
        assertEquals(ChatViewModel.State.READY, model.state());
        assertFalse(model.modelAvailable());
        send(model, "你好");
        assertTrue(model.statusProperty().get().contains("write the reply by hand"), model.statusProperty().get());
        assertEquals(1, model.path().size());
        assertTrue(model.inspector().summaryProperty().get().contains("estimated from characters"));
        on(() -> model.key("W", false));
        assertEquals(ChatViewModel.State.COMPOSING, model.state());
        on(() -> {
            model.composerTextProperty().set("你好呀");
            model.saveComposer();
        });
        assertEquals(ChatViewModel.State.LABELING, model.state());
        assertEquals("written by hand", model.candidates().get(0).originText());
        clock.addAndGet(4_000);
        on(() -> model.key("1", false));
        assertEquals(CandidateItem.Mark.CHOSEN, model.candidates().get(0).mark());
        assertEquals(4_000, model.labelProperty().get().timeSpentMs());
        assertEquals("1 labeled · 0 to label", model.progressProperty().get());
        int focusRequests = model.focusMessageRequests().get();
        on(() -> model.key("ENTER", false));
        assertEquals(ChatViewModel.State.READY, model.state());
        assertEquals(focusRequests + 1, model.focusMessageRequests().get());
        send(model, "在干嘛");
        assertEquals(List.of("你好", "你好呀", "在干嘛"), model.path().stream().map(PathEntry::text).toList());
        on(() -> model.key("R", false));
        assertTrue(model.statusProperty().get().contains("nothing can be regenerated"));
    }

    @Test
    void choosingAnEditShowsItsOriginRejectedAndTheCreatorCanTakeThatBack() {
        ChatViewModel model = model(fakeModel());
        send(model, "你好");
        on(() -> model.startEdit(2));
        on(() -> {
            model.composerTextProperty().set("改过的回复");
            model.saveComposer();
        });
        assertEquals("edit of 2", model.candidates().get(3).originText());
        on(() -> model.choose(4));
        assertEquals(List.of(CandidateItem.Mark.NONE, CandidateItem.Mark.EDIT_REJECTED, CandidateItem.Mark.NONE,
                CandidateItem.Mark.CHOSEN), model.candidates().stream().map(CandidateItem::mark).toList());
        assertTrue(model.statusProperty().get().contains("reply 2 counts as rejected (edited)"),
                model.statusProperty().get());
        long turn = model.currentTurnProperty().get().id();
        LabelService labels = new LabelService(database);
        assertFalse(labels.find(turn).orElseThrow().editOriginsKept());

        on(model::toggleEditOrigins);
        assertEquals(CandidateItem.Mark.EDIT_KEPT, model.candidates().get(1).mark());
        assertTrue(labels.find(turn).orElseThrow().editOriginsKept(), "the undo is stored with the label");
        on(() -> model.showTurn(turn));
        assertEquals(CandidateItem.Mark.EDIT_KEPT, model.candidates().get(1).mark(), "and shown again after reopening");

        on(model::toggleEditOrigins);
        assertEquals(CandidateItem.Mark.EDIT_REJECTED, model.candidates().get(1).mark());
        on(model::toggleEditOrigins);
        on(() -> model.choose(1));
        assertFalse(labels.find(turn).orElseThrow().editOriginsKept(), "a new choice starts without the undo");
        assertEquals(CandidateItem.Mark.NONE, model.candidates().get(1).mark());
        on(model::toggleEditOrigins);
        assertEquals("The chosen reply is not an edit, so no reply is rejected by it.", model.statusProperty().get());

        on(() -> model.choose(4));
        on(() -> model.reject(2));
        assertEquals(CandidateItem.Mark.REJECTED, model.candidates().get(1).mark(), "an explicit rejection stays plain");
    }

    @Test
    void theTreeMarksTheTurnLabeledAndTheReasonsSayWhichReplyTheyAreAbout() {
        ChatViewModel model = model(fakeModel());
        send(model, "你好");
        long turn = model.currentTurnProperty().get().id();
        assertEquals("Reasons about the whole turn:", model.reasonsScopeProperty().get());
        assertFalse(model.turnLabelsProperty().get().containsKey(turn));
        on(() -> model.reject(2));
        assertEquals("Reasons about the rejected reply [2] (why it is worse):", model.reasonsScopeProperty().get());
        assertFalse(model.turnLabelsProperty().get().get(turn).hasChoice(), "a rejection alone is no choice");
        on(() -> model.toggleReason(ReasonTag.BLAND));
        on(() -> model.reject(3));
        assertEquals("Reasons about the rejected reply [3] (why it is worse):", model.reasonsScopeProperty().get());
        on(() -> model.toggleReason(ReasonTag.OUT_OF_CHARACTER));
        on(() -> model.choose(1));
        assertEquals("Reasons about the chosen reply [1] (what it still lacks):", model.reasonsScopeProperty().get());
        on(() -> model.toggleReason(ReasonTag.TOO_LONG));
        on(() -> model.targetReasons(0));
        assertEquals("Reasons about the whole turn:", model.reasonsScopeProperty().get());
        on(() -> model.toggleReason(ReasonTag.OTHER));

        List<Long> ids = model.candidates().stream().map(item -> item.candidate().id()).toList();
        Label stored = model.turnLabelsProperty().get().get(turn);
        assertEquals(java.util.Map.of(ids.get(1), Set.of(ReasonTag.BLAND), ids.get(2), Set.of(ReasonTag.OUT_OF_CHARACTER),
                ids.get(0), Set.of(ReasonTag.TOO_LONG)), stored.replyReasons(), "each reason is stored with its reply");
        assertEquals(Set.of(ReasonTag.OTHER), stored.reasons());
        assertEquals(Set.of(ReasonTag.OTHER), model.targetReasons(stored), "the tags show the turn's reasons");
        on(() -> model.targetReasons(2));
        assertEquals(Set.of(ReasonTag.BLAND), model.targetReasons(stored), "and reply 2's when it is picked");

        on(() -> model.reject(3));
        assertEquals(2, model.reasonTargetProperty().get());
        assertTrue(model.turnLabelsProperty().get().get(turn).hasChoice(), "the tree's labels follow the choice");
        assertEquals("labeled", ConversationTree.mark(model.conversationProperty().get().candidatesOf(turn),
                model.turnLabelsProperty().get().get(turn)));
    }

    @Test
    void oneMessageBuildsOnePromptAndTheInspectorShowsThePromptTheGenerationUsed() {
        ChatFixtures.FixedRetriever retriever = new ChatFixtures.FixedRetriever();
        ScriptedReplyGenerator generator = new ScriptedReplyGenerator();
        ChatViewModel model = model(new ChatPorts(generator, ChatFixtures.ONE_TOKEN_PER_CHARACTER, retriever));
        send(model, "你好");
        assertEquals(1, retriever.calls.get(), "the inspector builds no second prompt (no second retrieval)");
        assertEquals(List.of(generator.prompts().get(0)), generator.prompts());
        assertEquals(generator.prompts().get(0), model.inspector().textProperty().get());
        assertEquals(3, model.candidates().size());
        assertTrue(model.candidates().stream().allMatch(c -> c.candidate() != null
                && generator.prompts().get(0).equals(c.candidate().promptText())));
        on(model::regenerate);
        assertEquals(2, retriever.calls.get(), "a regeneration builds its own prompt, once");
        assertEquals(6, model.candidates().size());
        assertEquals(6, model.conversationProperty().get().candidatesOf(model.currentTurnProperty().get().id()).size(),
                "the tree holds the returned replies");
        assertEquals("Prompt of reply 4", model.inspector().titleProperty().get());
    }

    @Test
    void generatedCandidatesAreChosenRejectedRegeneratedEditedAndBranched() {
        ChatViewModel model = model(fakeModel());
        send(model, "你好");
        assertEquals(ChatViewModel.State.LABELING, model.state());
        assertEquals(List.of("回复1-0，你好呀", "回复1-1，你好呀", "回复1-2，你好呀"),
                model.candidates().stream().map(CandidateItem::text).toList());
        assertFalse(model.candidates().get(0).tokens().isEmpty());
        assertEquals("Prompt of reply 1", model.inspector().titleProperty().get());
        assertTrue(model.inspector().textProperty().get().endsWith("user:你好\n三三:"));
        assertEquals(2, model.inspector().exchanges().size());
        assertTrue(model.inspector().summaryProperty().get()
                .endsWith("default template version 1 (layout 2: speaker names kept)"), model.inspector().summaryProperty().get());

        on(() -> {
            model.key("X", false);
            model.key("2", false);
            model.key("3", true);
            model.key("1", false);
        });
        assertEquals(List.of(CandidateItem.Mark.CHOSEN, CandidateItem.Mark.REJECTED, CandidateItem.Mark.REJECTED),
                model.candidates().stream().map(CandidateItem::mark).toList());
        on(() -> model.toggleReason(ReasonTag.BLAND));
        on(() -> model.setRationale("2 和 3 太平淡"));
        on(() -> model.key("S", false));
        Label label = model.labelProperty().get();
        assertTrue(label.reasonsFor(model.candidates().get(0).candidate().id()).contains(ReasonTag.BLAND)
                && label.safetyCase(), "the reason is about the reply just chosen");
        assertEquals("2 和 3 太平淡", label.rationale());

        on(() -> model.key("R", false));
        assertEquals(6, model.candidates().size());
        assertEquals("回复2-0，你好呀", model.candidates().get(3).text());
        assertEquals(CandidateItem.Mark.CHOSEN, model.candidates().get(0).mark());

        on(() -> model.key("E", false));
        assertEquals(ChatViewModel.ComposerMode.EDIT, model.composerModeProperty().get());
        assertEquals("回复1-0，你好呀", model.composerTextProperty().get());
        on(() -> {
            model.composerTextProperty().set("改过的回复");
            model.saveComposer();
        });
        assertEquals(7, model.candidates().size());
        assertEquals("edit of 1", model.candidates().get(6).originText());
        long edited = model.candidates().get(6).candidate().id();

        on(() -> model.key("7", false));
        on(() -> model.key("ENTER", false));
        send(model, "在干嘛");
        assertEquals("改过的回复", model.path().get(1).text());
        on(() -> model.key("B", false));
        assertEquals("在干嘛", model.messageProperty().get());
        send(model, "你在干什么");
        assertEquals(List.of("在干嘛", "你在干什么"),
                model.conversationProperty().get().turnsAfter(edited).stream().map(t -> t.userText()).toList());
    }

    @Test
    void pickingAReplyInTheTreeMakesTheNextMessageFollowIt() {
        ChatViewModel model = model(fakeModel());
        send(model, "你好");
        long second = model.candidates().get(1).candidate().id();
        long firstTurn = model.currentTurnProperty().get().id();
        on(() -> model.showCandidate(second));
        assertEquals("Prompt of reply 2", model.inspector().titleProperty().get());
        send(model, "然后呢");
        assertEquals(second, model.currentTurnProperty().get().parentCandidateId());
        on(() -> model.showTurn(firstTurn));
        assertEquals(1, model.path().size());
        assertEquals(3, model.candidates().size());
    }

    @Test
    void sendingBeforeChoosingAsksForAChoice() {
        ChatViewModel model = model(fakeModel());
        send(model, "你好");
        send(model, "在吗");
        assertTrue(model.statusProperty().get().startsWith("Choose a reply first"), model.statusProperty().get());
        assertEquals(1, model.conversationProperty().get().turns().size());
        on(() -> model.key("ENTER", false));
        assertEquals(ChatViewModel.State.LABELING, model.state());
    }

    @Test
    void everyListedShortcutIsHandledAndHelpClosesOnAnyKey() {
        ChatViewModel model = model(ChatPorts.offline());
        on(() -> assertTrue(model.key("F1", false)));
        assertTrue(model.helpVisibleProperty().get());
        on(() -> assertTrue(model.key("Q", false)));
        assertFalse(model.helpVisibleProperty().get());
        on(() -> assertTrue(model.key("?", false)));
        on(() -> model.key("ESCAPE", false));
        assertFalse(model.helpVisibleProperty().get());
        for (String key : List.of("1", "X", "R", "E", "W", "B", "S", "N", "C", "A", "CTRL+Z", "ENTER", "ESCAPE")) {
            on(() -> assertTrue(model.key(key, false), key));
        }
        on(() -> assertFalse(model.key("Q", false)));
        assertEquals(16, Shortcut.ALL.size());
        assertNull(model.currentTurnProperty().get());
    }

    @Test
    void theTemplateIsEditedAsNewVersionsAndUsedByLaterReplies() {
        ChatViewModel model = model(fakeModel());
        TemplateEditorModel template = model.template();
        assertEquals("default template, version 1", template.versionProperty().get());
        assertTrue(template.textProperty().get().startsWith("请你扮演“${role_name}”"));
        on(() -> {
            template.textProperty().set("扮演${role_name}。\n${dialog}\n${role_name}:");
            template.save();
        });
        assertEquals("sansan's template, version 1", template.versionProperty().get());
        send(model, "你好");
        assertEquals("扮演三三。\nuser:你好\n三三:", model.inspector().textProperty().get());
        assertTrue(model.inspector().summaryProperty().get()
                .endsWith("own template version 1 (layout 2: speaker names kept)"), model.inspector().summaryProperty().get());
        on(() -> {
            template.textProperty().set("no conversation placeholder");
            template.save();
        });
        assertTrue(template.versionProperty().get().contains("must contain ${dialog}"));
        assertEquals("No model loaded · write replies by hand (W) · token counts estimated",
                model(ChatPorts.offline()).modelStatusProperty().get());
        assertEquals("Model: scripted-fake", model.modelStatusProperty().get());
    }

    /** Streams a first piece of each reply, then waits until released or cancelled. */
    private static final class SlowGenerator implements app.characterstudio.chat.ReplyGenerator {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public String modelName() {
            return "slow";
        }

        @Override
        public List<GeneratedReply> generate(String prompt, int count, app.characterstudio.chat.SamplingSettings sampling,
                                             ReplyStream stream, java.util.function.BooleanSupplier cancelled) {
            for (int i = 0; i < count; i++) {
                stream.onDelta(i, "部分" + i);
            }
            try {
                while (!release.await(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (cancelled.getAsBoolean()) {
                        return java.util.stream.IntStream.range(0, count)
                                .mapToObj(i -> new GeneratedReply("部分", 1, GeneratedReply.CANCELLED, null, "slow")).toList();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return java.util.stream.IntStream.range(0, count)
                    .mapToObj(i -> new GeneratedReply("部分" + i + "完成", 2, "stop", null, "slow")).toList();
        }
    }

    @Test
    void repliesStreamInWhileGeneratingInTheBackgroundAndEscapeCancels() throws Exception {
        SlowGenerator slow = new SlowGenerator();
        ChatPorts ports = new ChatPorts(slow, ChatFixtures.ONE_TOKEN_PER_CHARACTER,
                app.characterstudio.chat.ExchangeRetriever.none());
        ChatViewModel model = model(ports, TaskExecutor.background());
        ChatService service = new ChatService(database, new PersonaRepository(characters), ports);
        send(model, "你好");
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> OnFx.call(() -> model.candidates().size() == 3 && "部分2".equals(model.candidates().get(2).text())));
        assertEquals(ChatViewModel.State.GENERATING, model.state());
        assertTrue(model.candidates().get(0).isStreaming());
        on(() -> model.key("1", false));
        assertTrue(model.statusProperty().get().contains("no reply 1"), model.statusProperty().get());
        on(() -> model.key("ESCAPE", false));
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> OnFx.call(() -> model.state() == ChatViewModel.State.READY));
        assertTrue(model.candidates().isEmpty());
        assertTrue(model.statusProperty().get().contains("cancelled"), model.statusProperty().get());
        assertTrue(service.replies(model.currentTurnProperty().get().id()).isEmpty());

        on(() -> model.key("R", false));
        slow.release.countDown();
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> OnFx.call(() -> model.state() == ChatViewModel.State.LABELING));
        assertEquals(List.of("部分0完成", "部分1完成", "部分2完成"), model.candidates().stream().map(CandidateItem::text).toList());
    }

    @Test
    void withABackgroundExecutorNoPromptIsBuiltNorMessageStoredOnTheFxThread() throws Exception {
        java.util.List<Boolean> onFx = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        app.characterstudio.chat.ExchangeRetriever watching = (persona, recent, budget, counter) -> {
            onFx.add(javafx.application.Platform.isFxApplicationThread());
            return ChatFixtures.FixedRetriever.EXCHANGES;
        };
        ChatViewModel model = model(new ChatPorts(new ScriptedReplyGenerator(), ChatFixtures.ONE_TOKEN_PER_CHARACTER,
                watching), TaskExecutor.background());
        send(model, "你好");
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> OnFx.call(() -> model.state() == ChatViewModel.State.LABELING));
        assertEquals(List.of(false), onFx, "one prompt built, off the FX thread");
        assertEquals(3, model.candidates().size());
        on(model::inspectNextPrompt);
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> OnFx.call(() -> !model.inspector().textProperty().get().isEmpty()));
        assertEquals(List.of(false, false), onFx, "the inspector's preview is built off the FX thread too");
    }
}
