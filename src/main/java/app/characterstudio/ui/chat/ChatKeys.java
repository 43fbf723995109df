package app.characterstudio.ui.chat;

/** The chat screen's keyboard commands ({@link Shortcut#ALL}), as calls on its view model. */
final class ChatKeys {
    private ChatKeys() {
    }

    static boolean handle(ChatViewModel model, String key, boolean shift) {
        if (model.helpVisibleProperty().get()) {
            model.helpVisibleProperty().set(false);
            return true;
        }
        if (key.length() == 1 && key.charAt(0) >= '1' && key.charAt(0) <= '9') {
            int number = key.charAt(0) - '0';
            if (shift || model.rejectArmedProperty().get()) {
                model.rejectArmedProperty().set(false);
                model.reject(number);
            } else {
                model.choose(number);
            }
            return true;
        }
        model.rejectArmedProperty().set(false);
        switch (key) {
            case "X" -> {
                model.rejectArmedProperty().set(true);
                model.statusProperty().set("Reject which reply? Press its number.");
            }
            case "R" -> model.regenerate();
            case "E" -> model.startEdit(model.chosenNumber().orElse(1));
            case "W" -> model.startWrite();
            case "B" -> model.branch();
            case "S" -> model.toggleSafetyCase();
            case "N" -> model.nextUnlabeled();
            case "C" -> model.compareVisibleProperty().set(!model.compareVisibleProperty().get());
            case "A" -> model.acceptSuggestion();
            case "CTRL+Z" -> model.undoLastLabel();
            case "ENTER" -> model.accept();
            case "ESCAPE" -> {
                if (model.state() == ChatViewModel.State.GENERATING) {
                    model.cancelGeneration();
                } else if (model.state() == ChatViewModel.State.COMPOSING) {
                    model.cancelComposer();
                }
            }
            case "?", "F1" -> model.helpVisibleProperty().set(true);
            default -> {
                return false;
            }
        }
        return true;
    }
}
