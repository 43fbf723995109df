package app.characterstudio.persona;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A persona sheet: everything a creator writes to shape a character. Text fields are never null
 * (empty means unset); lists are immutable.
 *
 * @param id           folder name under {@code characters/}: a safe slug, see {@link PersonaIds}
 * @param aliases      the names this character goes by in scripts (links script speakers to it)
 * @param extraFields  free-form ordered key/value fields, also where imports keep what they cannot map
 * @param avatar       file name of the avatar image inside the character folder, empty for none
 * @param card         character-card fields with no persona meaning (scenario, first_mes,
 *                     character_book, extensions, ...), kept verbatim so a card survives a round trip
 * @param form         what the prompt's persona block is made of: the fields above ({@link PersonaForm#FIELDS},
 *                     the default) or {@code personaText} verbatim ({@link PersonaForm#TEXT})
 * @param personaText  the persona as one free text (the Character model's {@code role_info}); kept while
 *                     the form is {@code FIELDS}, so switching back and forth loses nothing
 * @param minMeanLineLength retrieval skips a past dialogue whose lines of this character are shorter than
 *                     this on average (characters); null for the reference pipeline's default, 0 for no limit
 */
public record Persona(
        String id,
        String name,
        String gender,
        String age,
        String height,
        List<String> nicknames,
        String selfReference,
        String occupation,
        String personality,
        String biography,
        List<Relationship> relationships,
        String speakingStyle,
        List<String> catchphrases,
        String education,
        String workHistory,
        String likes,
        String dislikes,
        List<String> exampleLines,
        List<ExtraField> extraFields,
        List<String> tags,
        String creatorNotes,
        String avatar,
        List<String> aliases,
        ObjectNode card,
        PersonaForm form,
        String personaText,
        Integer minMeanLineLength) {

    public Persona {
        id = text(id);
        name = text(name);
        gender = text(gender);
        age = text(age);
        height = text(height);
        nicknames = list(nicknames);
        selfReference = text(selfReference);
        occupation = text(occupation);
        personality = text(personality);
        biography = text(biography);
        relationships = list(relationships);
        speakingStyle = text(speakingStyle);
        catchphrases = list(catchphrases);
        education = text(education);
        workHistory = text(workHistory);
        likes = text(likes);
        dislikes = text(dislikes);
        exampleLines = list(exampleLines);
        extraFields = list(extraFields);
        tags = list(tags);
        creatorNotes = text(creatorNotes);
        avatar = text(avatar);
        aliases = list(aliases);
        card = card == null ? JsonNodeFactory.instance.objectNode() : card.deepCopy();
        form = form == null ? PersonaForm.FIELDS : form;
        personaText = text(personaText);
        if (minMeanLineLength != null && minMeanLineLength < 0) {
            throw new PersonaFormatException("The shortest mean line length for retrieval cannot be negative ("
                    + minMeanLineLength + ").");
        }
    }

    /** A persona with only an id and a name. */
    public static Persona named(String id, String name) {
        return builder(id, name).build();
    }

    /** A new persona, field by field; unset text is empty, unset lists are empty, the form is {@code FIELDS}. */
    public static Builder builder(String id, String name) {
        return new Builder().id(id).name(name);
    }

    /** A builder holding every field of this persona, to change some and build a copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.name = name;
        b.gender = gender;
        b.age = age;
        b.height = height;
        b.nicknames = nicknames;
        b.selfReference = selfReference;
        b.occupation = occupation;
        b.personality = personality;
        b.biography = biography;
        b.relationships = relationships;
        b.speakingStyle = speakingStyle;
        b.catchphrases = catchphrases;
        b.education = education;
        b.workHistory = workHistory;
        b.likes = likes;
        b.dislikes = dislikes;
        b.exampleLines = exampleLines;
        b.extraFields = extraFields;
        b.tags = tags;
        b.creatorNotes = creatorNotes;
        b.avatar = avatar;
        b.aliases = aliases;
        b.card = card;
        b.form = form;
        b.personaText = personaText;
        b.minMeanLineLength = minMeanLineLength;
        return b;
    }

    /** This persona with {@code card} as its kept card fields. */
    public Persona withCard(ObjectNode card) {
        return toBuilder().card(card).build();
    }

    /** This persona with {@code aliases} as its script names besides the name. */
    public Persona withAliases(List<String> aliases) {
        return toBuilder().aliases(aliases).build();
    }

    /** This persona with its prompt block taken from {@code form}, free text {@code personaText} and retrieval length. */
    public Persona withPersonaText(PersonaForm form, String personaText, Integer minMeanLineLength) {
        return toBuilder().form(form).personaText(personaText).minMeanLineLength(minMeanLineLength).build();
    }

    /** All names a script speaker may use for this character: the name, then the aliases. */
    public List<String> scriptNames() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(name), aliases.stream())
                .filter(n -> !n.isBlank()).distinct().toList();
    }

    /** Sets fields by name instead of by position in the 27-field constructor; {@link #build()} normalises them. */
    public static final class Builder {
        private String id;
        private String name;
        private String gender;
        private String age;
        private String height;
        private List<String> nicknames;
        private String selfReference;
        private String occupation;
        private String personality;
        private String biography;
        private List<Relationship> relationships;
        private String speakingStyle;
        private List<String> catchphrases;
        private String education;
        private String workHistory;
        private String likes;
        private String dislikes;
        private List<String> exampleLines;
        private List<ExtraField> extraFields;
        private List<String> tags;
        private String creatorNotes;
        private String avatar;
        private List<String> aliases;
        private ObjectNode card;
        private PersonaForm form;
        private String personaText;
        private Integer minMeanLineLength;

        private Builder() {
        }

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder gender(String value) {
            gender = value;
            return this;
        }

        public Builder age(String value) {
            age = value;
            return this;
        }

        public Builder height(String value) {
            height = value;
            return this;
        }

        public Builder nicknames(List<String> value) {
            nicknames = value;
            return this;
        }

        public Builder selfReference(String value) {
            selfReference = value;
            return this;
        }

        public Builder occupation(String value) {
            occupation = value;
            return this;
        }

        public Builder personality(String value) {
            personality = value;
            return this;
        }

        public Builder biography(String value) {
            biography = value;
            return this;
        }

        public Builder relationships(List<Relationship> value) {
            relationships = value;
            return this;
        }

        public Builder speakingStyle(String value) {
            speakingStyle = value;
            return this;
        }

        public Builder catchphrases(List<String> value) {
            catchphrases = value;
            return this;
        }

        public Builder education(String value) {
            education = value;
            return this;
        }

        public Builder workHistory(String value) {
            workHistory = value;
            return this;
        }

        public Builder likes(String value) {
            likes = value;
            return this;
        }

        public Builder dislikes(String value) {
            dislikes = value;
            return this;
        }

        public Builder exampleLines(List<String> value) {
            exampleLines = value;
            return this;
        }

        public Builder extraFields(List<ExtraField> value) {
            extraFields = value;
            return this;
        }

        public Builder tags(List<String> value) {
            tags = value;
            return this;
        }

        public Builder creatorNotes(String value) {
            creatorNotes = value;
            return this;
        }

        public Builder avatar(String value) {
            avatar = value;
            return this;
        }

        public Builder aliases(List<String> value) {
            aliases = value;
            return this;
        }

        public Builder card(ObjectNode value) {
            card = value;
            return this;
        }

        public Builder form(PersonaForm value) {
            form = value;
            return this;
        }

        public Builder personaText(String value) {
            personaText = value;
            return this;
        }

        public Builder minMeanLineLength(Integer value) {
            minMeanLineLength = value;
            return this;
        }

        public Persona build() {
            return new Persona(id, name, gender, age, height, nicknames, selfReference, occupation, personality,
                    biography, relationships, speakingStyle, catchphrases, education, workHistory, likes, dislikes,
                    exampleLines, extraFields, tags, creatorNotes, avatar, aliases, card, form, personaText,
                    minMeanLineLength);
        }
    }

    /** How this character relates to another named character. */
    public record Relationship(String name, String relation) {
        public Relationship {
            name = text(name);
            relation = text(relation);
        }
    }

    /** A free-form field: kept in order, shown and rendered as {@code key：value}. */
    public record ExtraField(String key, String value) {
        public ExtraField {
            key = text(key);
            value = text(value);
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
    }
}
