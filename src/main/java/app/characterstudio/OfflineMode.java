package app.characterstudio;

/**
 * The studio never touches the network. DJL phones home (telemetry, native downloads) unless these
 * properties are set before any of its classes load, so every entry point calls {@link #enforce()}.
 */
public final class OfflineMode {
    private OfflineMode() {
    }

    public static void enforce() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("DJL_OFFLINE", "true");
    }
}
