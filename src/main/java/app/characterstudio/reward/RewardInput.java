package app.characterstudio.reward;

/** One text a reward model scores: PROMPT immediately followed by REPLY (no separator added). */
public record RewardInput(String prompt, String reply) {
    public RewardInput {
        if (prompt == null || reply == null) {
            throw new IllegalArgumentException("a reward input needs a prompt and a reply (either may be empty)");
        }
    }

    String text() {
        return prompt + reply;
    }
}
