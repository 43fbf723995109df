package app.characterstudio.ui.chat;

import java.util.List;

/** A keyboard shortcut of the chat screen, as listed in its help overlay. */
public record Shortcut(String keys, String action) {
    /** Every shortcut; the view model's {@code key} handles exactly these. */
    public static final List<Shortcut> ALL = List.of(
            new Shortcut("1 … 9", "choose that reply"),
            new Shortcut("X then 1 … 9, or Shift+1 … 9", "reject that reply (again: take it back)"),
            new Shortcut("R", "regenerate: more replies for this message"),
            new Shortcut("E", "edit the chosen reply (or reply 1)"),
            new Shortcut("W", "write a reply by hand"),
            new Shortcut("B", "branch: rewrite this message as a new branch"),
            new Shortcut("S", "mark or unmark this turn as a safety case"),
            new Shortcut("C", "compare two replies side by side, differences marked (again: back to the cards)"),
            new Shortcut("N", "next unlabeled turn of this character, across its sessions"),
            new Shortcut("A", "accept the reward model's pick (☆) as your label"),
            new Shortcut("Ctrl+Z", "undo the last label change (again: further back)"),
            new Shortcut("Enter", "accept the choice and type the next message"),
            new Shortcut("Enter (in the message box)", "send the message"),
            new Shortcut("Ctrl+Enter (in the editor)", "save the edited or written reply"),
            new Shortcut("Esc", "close this help, cancel editing or generating"),
            new Shortcut("? or F1", "show this help"));
}
