package app.characterstudio.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.workspace.Installation.Os;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which folder the studio opens: run from source, installed for the first time, installed again. */
class WorkspaceChoiceTest {
    @TempDir
    Path home;

    private Installation installed(Os os) throws IOException {
        Path samples = Files.createDirectories(home.resolve("opt/app/characters/lin-zhixia"));
        Files.writeString(samples.resolve("persona.json"), "{\"name\":\"林知夏\"}", StandardCharsets.UTF_8);
        return new Installation(true, home, os, Map.of(), Optional.of(samples.getParent()));
    }

    @Test
    void fromSourceTheCurrentFolderAsBefore() {
        Installation source = new Installation(false, home, Os.LINUX, Map.of(), Optional.empty());
        WorkspaceChoice choice = new WorkspaceChoice(source);

        assertEquals(Path.of("."), choice.choose(Optional.empty()));
        choice.remember(Workspace.open(home.resolve("elsewhere")));
        assertFalse(Files.exists(source.settingsDir()), "a source run writes no settings");
        assertFalse(Files.exists(home.resolve("Character Studio")));
    }

    @Test
    void theWorkspaceOptionAlwaysWins() throws IOException {
        Path explicit = home.resolve("mine");
        assertEquals(explicit, new WorkspaceChoice(installed(Os.LINUX)).choose(Optional.of(explicit)));
        assertFalse(Files.exists(home.resolve("Character Studio")), "no default folder made when one is named");
    }

    @Test
    void firstStartCreatesTheHomeFolderWithTheSampleCharacters() throws IOException {
        Path chosen = new WorkspaceChoice(installed(Os.LINUX)).choose(Optional.empty());

        assertEquals(home.resolve("Character Studio"), chosen);
        assertEquals("{\"name\":\"林知夏\"}",
                Files.readString(chosen.resolve("characters/lin-zhixia/persona.json"), StandardCharsets.UTF_8));
        assertTrue(Files.isDirectory(chosen.resolve("models")));
    }

    @Test
    void anExistingFolderIsOpenedAsItIsWithoutSamples() throws IOException {
        Path existing = Files.createDirectories(home.resolve("Character Studio"));
        Path chosen = new WorkspaceChoice(installed(Os.LINUX)).choose(Optional.empty());

        assertEquals(existing, chosen);
        assertFalse(Files.exists(existing.resolve("characters/lin-zhixia")), "a user's deleted samples stay deleted");
    }

    @Test
    void windowsAndMacUseTheDocumentsFolder() throws IOException {
        assertEquals(home.resolve("Documents/Character Studio"),
                new WorkspaceChoice(installed(Os.WINDOWS)).choose(Optional.empty()));
        assertEquals(home.resolve("Documents/Character Studio"), installed(Os.MAC).defaultWorkspace());
    }

    @Test
    void theLastWorkspaceIsRememberedAndOpenedNextTime() throws IOException {
        Installation installation = installed(Os.LINUX);
        Workspace other = Workspace.open(home.resolve("projects/其他"));
        new WorkspaceChoice(installation).remember(other);

        assertEquals(home.resolve(".config/character-studio/last-workspace"),
                installation.settingsDir().resolve(WorkspaceChoice.LAST_WORKSPACE_FILE));
        assertEquals(other.root(), new WorkspaceChoice(installation).choose(Optional.empty()));
        assertFalse(Files.exists(home.resolve("Character Studio")));
    }

    @Test
    void aRememberedFolderThatIsGoneFallsBackToTheDefault() throws IOException {
        Installation installation = installed(Os.LINUX);
        Path settings = Files.createDirectories(installation.settingsDir());
        Files.writeString(settings.resolve(WorkspaceChoice.LAST_WORKSPACE_FILE), home.resolve("deleted") + "\n");

        assertEquals(home.resolve("Character Studio"), new WorkspaceChoice(installation).choose(Optional.empty()));
    }

    @Test
    void settingsAndNativeCacheFollowThePlatform() {
        Installation linux = new Installation(true, home, Os.LINUX,
                Map.of("XDG_CONFIG_HOME", home.resolve("cfg").toString()), Optional.empty());
        assertEquals(home.resolve("cfg/character-studio"), linux.settingsDir());
        assertEquals(home.resolve(".cache/character-studio/djl"), linux.nativeCacheDir());

        Installation windows = new Installation(true, home, Os.WINDOWS,
                Map.of("APPDATA", home.resolve("Roaming").toString(), "LOCALAPPDATA", home.resolve("Local").toString()),
                Optional.empty());
        assertEquals(home.resolve("Roaming/Character Studio"), windows.settingsDir());
        assertEquals(home.resolve("Local/Character Studio/djl"), windows.nativeCacheDir());

        assertEquals(Os.MAC, Os.of("Mac OS X"));
        assertEquals(Os.WINDOWS, Os.of("Windows 11"));
        assertEquals(Os.LINUX, Os.of("Linux"));
    }
}
