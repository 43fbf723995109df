package app.characterstudio.persona;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The character-card fields a creator edits that have no persona meaning, kept in
 * {@link Persona#card()} under the keys the card exporter writes ({@code data.*} in V2 and V3).
 * Writing them back touches only the keys whose value changed, so the rest of the card
 * (character_book, extensions, unknown keys) and the key order stay exactly as imported.
 *
 * @param alternateGreetings one greeting per entry; blank entries are dropped
 */
public record CardFields(
        String scenario,
        String firstMessage,
        List<String> alternateGreetings,
        String systemPrompt,
        String postHistoryInstructions,
        String creator,
        String characterVersion) {

    public static final String SCENARIO = "scenario";
    public static final String FIRST_MESSAGE = "first_mes";
    public static final String ALTERNATE_GREETINGS = "alternate_greetings";
    public static final String SYSTEM_PROMPT = "system_prompt";
    public static final String POST_HISTORY_INSTRUCTIONS = "post_history_instructions";
    public static final String CREATOR = "creator";
    public static final String CHARACTER_VERSION = "character_version";
    /** The card keys these fields are read from and written to. */
    public static final List<String> KEYS = List.of(SCENARIO, FIRST_MESSAGE, ALTERNATE_GREETINGS, SYSTEM_PROMPT,
            POST_HISTORY_INSTRUCTIONS, CREATOR, CHARACTER_VERSION);

    public CardFields {
        scenario = Objects.requireNonNullElse(scenario, "");
        firstMessage = Objects.requireNonNullElse(firstMessage, "");
        alternateGreetings = alternateGreetings == null ? List.of()
                : alternateGreetings.stream().filter(g -> g != null && !g.isBlank()).toList();
        systemPrompt = Objects.requireNonNullElse(systemPrompt, "");
        postHistoryInstructions = Objects.requireNonNullElse(postHistoryInstructions, "");
        creator = Objects.requireNonNullElse(creator, "");
        characterVersion = Objects.requireNonNullElse(characterVersion, "");
    }

    /** The fields as {@code card} holds them; a missing key reads as empty, as export writes it. */
    public static CardFields of(ObjectNode card) {
        List<String> greetings = new ArrayList<>();
        card.path(ALTERNATE_GREETINGS).forEach(greeting -> greetings.add(greeting.asText("")));
        return new CardFields(text(card, SCENARIO), text(card, FIRST_MESSAGE), greetings, text(card, SYSTEM_PROMPT),
                text(card, POST_HISTORY_INSTRUCTIONS), text(card, CREATOR), text(card, CHARACTER_VERSION));
    }

    public static CardFields of(Persona persona) {
        return of(persona.card());
    }

    /**
     * A copy of {@code card} holding these values. A changed value replaces the old one in place; an
     * empty value is not added where the key was missing; every unchanged key keeps its JSON as is.
     */
    public ObjectNode writeTo(ObjectNode card) {
        ObjectNode result = card.deepCopy();
        CardFields before = of(card);
        putText(result, SCENARIO, before.scenario, scenario);
        putText(result, FIRST_MESSAGE, before.firstMessage, firstMessage);
        if (!before.alternateGreetings.equals(alternateGreetings)
                && (result.has(ALTERNATE_GREETINGS) || !alternateGreetings.isEmpty())) {
            ArrayNode greetings = result.arrayNode();
            alternateGreetings.forEach(greetings::add);
            result.set(ALTERNATE_GREETINGS, greetings);
        }
        putText(result, SYSTEM_PROMPT, before.systemPrompt, systemPrompt);
        putText(result, POST_HISTORY_INSTRUCTIONS, before.postHistoryInstructions, postHistoryInstructions);
        putText(result, CREATOR, before.creator, creator);
        putText(result, CHARACTER_VERSION, before.characterVersion, characterVersion);
        return result;
    }

    /** {@code persona} with these fields written into its card. */
    public Persona applyTo(Persona persona) {
        return persona.withCard(writeTo(persona.card()));
    }

    private static void putText(ObjectNode card, String key, String before, String now) {
        if (!before.equals(now) && (card.has(key) || !now.isEmpty())) {
            card.put(key, now);
        }
    }

    private static String text(ObjectNode card, String key) {
        return card.path(key).asText("");
    }
}
