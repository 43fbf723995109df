package app.characterstudio.workspace;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where an installed studio keeps things, per platform. The installers start the studio with
 * {@code -Dstudio.installed=true} and {@code -Dstudio.samples=$APPDIR/characters}; {@code ./studio} passes
 * neither, so a studio run from source keeps working on the current folder.
 *
 * @param installed  whether the studio runs from an installed package
 * @param home       the user's home folder
 * @param os         the platform ({@link Os#of(String)} of {@code os.name})
 * @param env        the environment (for XDG_CONFIG_HOME, XDG_CACHE_HOME, APPDATA, LOCALAPPDATA)
 * @param samples    the sample characters shipped with the package, if any
 */
public record Installation(boolean installed, Path home, Os os, Map<String, String> env, Optional<Path> samples) {
    public static final String INSTALLED_PROPERTY = "studio.installed";
    public static final String SAMPLES_PROPERTY = "studio.samples";
    static final String FOLDER_NAME = "Character Studio";
    private static final String ENGINE_CACHE_DIR = "ENGINE_CACHE_DIR";

    public enum Os {
        LINUX, WINDOWS, MAC;

        public static Os of(String osName) {
            String name = osName.toLowerCase(Locale.ROOT);
            if (name.startsWith("windows")) {
                return WINDOWS;
            }
            if (name.startsWith("mac") || name.startsWith("darwin")) {
                return MAC;
            }
            return LINUX;
        }
    }

    public Installation {
        env = Map.copyOf(env);
    }

    /** This JVM's installation, read from its system properties and environment. */
    public static Installation current() {
        String samples = System.getProperty(SAMPLES_PROPERTY, "");
        return new Installation(Boolean.getBoolean(INSTALLED_PROPERTY), Path.of(System.getProperty("user.home")),
                Os.of(System.getProperty("os.name", "linux")), System.getenv(),
                samples.isBlank() ? Optional.empty() : Optional.of(Path.of(samples)));
    }

    /** {@code ~/Character Studio} on Linux, the Documents folder's {@code Character Studio} on Windows and macOS. */
    public Path defaultWorkspace() {
        return os == Os.LINUX ? home.resolve(FOLDER_NAME) : home.resolve("Documents").resolve(FOLDER_NAME);
    }

    /** Per-user settings: the last workspace. */
    public Path settingsDir() {
        return switch (os) {
            case WINDOWS -> envPath("APPDATA").orElse(home.resolve("AppData").resolve("Roaming")).resolve(FOLDER_NAME);
            case MAC -> home.resolve("Library").resolve("Application Support").resolve(FOLDER_NAME);
            case LINUX -> envPath("XDG_CONFIG_HOME").orElse(home.resolve(".config")).resolve("character-studio");
        };
    }

    /** A user-writable cache for the native libraries DJL unpacks from the installed jars (never downloaded). */
    public Path nativeCacheDir() {
        return switch (os) {
            case WINDOWS -> envPath("LOCALAPPDATA").orElse(home.resolve("AppData").resolve("Local"))
                    .resolve(FOLDER_NAME).resolve("djl");
            case MAC -> home.resolve("Library").resolve("Caches").resolve(FOLDER_NAME).resolve("djl");
            case LINUX -> envPath("XDG_CACHE_HOME").orElse(home.resolve(".cache")).resolve("character-studio")
                    .resolve("djl");
        };
    }

    /**
     * Installed, DJL keeps what it unpacks (the JNI bridge; the PyTorch libraries load in place from the
     * package) in {@link #nativeCacheDir()} rather than {@code ~/.djl.ai}, so the install folder may be read-only.
     * An ENGINE_CACHE_DIR the user set wins. Call before any DJL class loads.
     */
    public void useUserNativeCache() {
        if (installed && System.getProperty(ENGINE_CACHE_DIR) == null && env.get(ENGINE_CACHE_DIR) == null) {
            System.setProperty(ENGINE_CACHE_DIR, nativeCacheDir().toString());
        }
    }

    private Optional<Path> envPath(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }
}
