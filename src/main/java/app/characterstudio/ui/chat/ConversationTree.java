package app.characterstudio.ui.chat;

import app.characterstudio.chat.Conversation;
import app.characterstudio.label.Label;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.Turn;
import java.util.List;
import java.util.Map;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

/**
 * The tree navigator: turns and their replies; picking a node shows the path to it. A message without
 * any reply (an interrupted generation leaves one) is marked, so it is not taken for a finished turn; the
 * others are marked labeled or unlabeled (and safety cases).
 */
final class ConversationTree {
    /** A node of the tree: a user turn or a candidate reply. */
    record Node(boolean turn, long id, String text) {
    }

    private final TreeView<Node> view = new TreeView<>();
    private final ChatViewModel model;
    private boolean rebuilding;

    ConversationTree(ChatViewModel model) {
        this.model = model;
        view.setId("conversation-tree");
        view.setShowRoot(false);
        view.setFocusTraversable(false);
        view.setCellFactory(tree -> new TreeCell<>() {
            @Override
            protected void updateItem(Node node, boolean empty) {
                super.updateItem(node, empty);
                setText(empty || node == null ? null : node.text());
            }
        });
        view.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (rebuilding || item == null || item.getValue() == null) {
                return;
            }
            if (item.getValue().turn()) {
                model.showTurn(item.getValue().id());
            } else {
                model.showCandidate(item.getValue().id());
            }
        });
        model.conversationProperty().addListener((obs, old, now) -> rebuild(now));
        model.turnLabelsProperty().addListener((obs, old, now) -> rebuild(model.conversationProperty().get()));
    }

    TreeView<Node> view() {
        return view;
    }

    private void rebuild(Conversation conversation) {
        rebuilding = true;
        try {
            TreeItem<Node> root = rootOf(conversation, model.turnLabelsProperty().get());
            view.setRoot(root);
            Turn current = model.currentTurnProperty().get();
            if (current != null) {
                select(root, current.id());
            }
        } finally {
            rebuilding = false;
        }
    }

    /**
     * The tree's items for {@code conversation} (none when null), under a hidden root; each turn with replies
     * is marked labeled (a reply chosen) or unlabeled from {@code labels} (by turn id), and safety cases so.
     */
    static TreeItem<Node> rootOf(Conversation conversation, Map<Long, Label> labels) {
        TreeItem<Node> root = new TreeItem<>(new Node(true, -1, ""));
        if (conversation != null) {
            for (Turn turn : conversation.rootTurns()) {
                root.getChildren().add(turnItem(conversation, labels, turn));
            }
        }
        return root;
    }

    private static TreeItem<Node> turnItem(Conversation conversation, Map<Long, Label> labels, Turn turn) {
        List<Candidate> replies = conversation.candidatesOf(turn.id());
        TreeItem<Node> item = new TreeItem<>(new Node(true, turn.id(), "» " + shorten(turn.userText())
                + "  · " + mark(replies, labels.get(turn.id()))));
        item.setExpanded(true);
        for (int i = 0; i < replies.size(); i++) {
            Candidate reply = replies.get(i);
            TreeItem<Node> replyItem = new TreeItem<>(new Node(false, reply.id(), "[" + (i + 1) + "] " + shorten(reply.text())));
            replyItem.setExpanded(true);
            for (Turn next : conversation.turnsAfter(reply.id())) {
                replyItem.getChildren().add(turnItem(conversation, labels, next));
            }
            item.getChildren().add(replyItem);
        }
        return item;
    }

    static String mark(List<Candidate> replies, Label label) {
        if (replies.isEmpty()) {
            return "no replies yet";
        }
        String state = label != null && label.hasChoice() ? "labeled" : "unlabeled";
        return label != null && label.safetyCase() ? state + " · safety" : state;
    }

    private void select(TreeItem<Node> item, long turnId) {
        if (item.getValue() != null && item.getValue().turn() && item.getValue().id() == turnId) {
            view.getSelectionModel().select(item);
            return;
        }
        item.getChildren().forEach(child -> select(child, turnId));
    }

    private static String shorten(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 28 ? line.substring(0, 27) + "…" : line;
    }
}
