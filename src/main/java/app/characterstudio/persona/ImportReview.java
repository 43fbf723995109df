package app.characterstudio.persona;

import java.util.List;

/**
 * What each key of an imported profile became, for the creator to review before the character is
 * stored: mapped to a persona field, merged into one, kept as an extra field, or dropped as a duplicate.
 *
 * @param character the character's name as imported
 */
public record ImportReview(String character, List<KeyMapping> keys) {
    public ImportReview {
        keys = List.copyOf(keys);
    }

    /** What happened to one key. */
    public enum Outcome { FIELD, MERGED, EXTRA, DUPLICATE, EMPTY }

    /**
     * One key of the file and what it became.
     *
     * @param became e.g. {@code 性格 (personality)}, {@code merged into 昵称}, {@code extra field 关键事件
     *               (nested values written as text)}, {@code dropped: already in 人物简介}
     */
    public record KeyMapping(String key, Outcome outcome, String became) {
    }
}
