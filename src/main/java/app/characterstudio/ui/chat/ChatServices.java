package app.characterstudio.ui.chat;

import app.characterstudio.backend.Backends;
import app.characterstudio.backend.ReplySource;
import app.characterstudio.chat.ChatService;
import app.characterstudio.label.Guidelines;
import app.characterstudio.label.LabelService;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.scoring.RewardScoring;
import java.util.function.Supplier;

/**
 * What the Chat room uses of the workspace, and nothing else. Suppliers are looked up when used: the chat
 * service on each use (so a model loaded later is used), the others when the room is first shown, so the
 * database opens only then.
 *
 * @param replies where the room's replies come from (the local engine or a backend); no choice of source is
 *                offered when the chat replies from other ports (tests, scripted generation)
 */
public record ChatServices(Supplier<ChatService> chat, Supplier<LabelService> labels, PersonaRepository personas,
                           Guidelines guidelines, Supplier<RewardScoring> rewardScoring,
                           Supplier<ReplySource> replies, Supplier<Backends> backends) {
    /** Whether the room's replies come from {@link #replies}, so the user may choose their source. */
    boolean choosesReplySource() {
        return chat.get().ports().generator() == replies.get();
    }
}
