package app.characterstudio.ui.chat;

import app.characterstudio.StudioException;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.GenerationResult;
import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.store.Turn;
import app.characterstudio.ui.kit.TaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.concurrent.Task;

/** Generates replies in the background, streaming their text into placeholder cards; Esc cancels. */
final class GenerationRunner {
    private final ChatViewModel model;
    private final Supplier<ChatService> chat;
    private final TaskExecutor executor;
    private Task<GenerationResult> running;

    GenerationRunner(ChatViewModel model, Supplier<ChatService> chat, TaskExecutor executor) {
        this.model = model;
        this.chat = chat;
        this.executor = executor;
    }

    void start(Turn turn, int count) {
        ChatService service = chat.get();
        List<CandidateItem> streaming = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            streaming.add(CandidateItem.streaming(model.candidates().size() + i + 1));
        }
        model.candidates().addAll(streaming);
        model.stateProperty().set(ChatViewModel.State.GENERATING);
        String generating = "Generating " + count + " replies… (Esc cancels)";
        model.statusProperty().set(generating);
        ReplyGenerator.ReplyStream stream = new ReplyGenerator.ReplyStream() {
            @Override
            public void onDelta(int index, String delta) {
                Platform.runLater(() -> streaming.get(index).append(delta));
            }

            @Override
            public void onPromptRead(int done, int total) {
                String text = done < total ? "Reading the prompt: " + done + "/" + total + " tokens… (Esc cancels)"
                        : generating;
                Platform.runLater(() -> model.statusProperty().set(text));
            }
        };
        Task<GenerationResult> task = new Task<>() {
            @Override
            protected GenerationResult call() {
                return service.generate(turn.id(), count, SamplingSettings.defaults().withLogprobs(true), stream,
                        this::isCancelled);
            }
        };
        // the replies the generation returned (and the prompt it used) are shown as they are: nothing is read again
        task.setOnSucceeded(event -> {
            model.showGenerated(turn, task.getValue());
            model.statusProperty().set(task.getValue().cancelled() ? "Generation cancelled; nothing was stored."
                    : task.getValue().candidates().size() + " new replies. Press a number to choose, X and a number to reject.");
            model.labeling().refreshProgress(model.characterId());
        });
        task.setOnFailed(event -> {
            model.showGenerated(turn, null);
            Throwable error = task.getException();
            model.statusProperty().set(error instanceof StudioException ? error.getMessage() : "Generation failed: " + error);
        });
        task.setOnCancelled(event -> {
            model.showGenerated(turn, null);
            model.statusProperty().set("Generation cancelled; nothing was stored.");
        });
        running = task;
        executor.execute(task);
    }

    void cancel() {
        if (running != null && running.isRunning()) {
            running.cancel();
        }
    }
}
