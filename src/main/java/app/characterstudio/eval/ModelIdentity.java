package app.characterstudio.eval;

import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.WeightFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A model as a run records it: its folder name and the SHA-256 of its weight files (in shard order). */
public record ModelIdentity(String name, String weightsHash) {
    public static ModelIdentity of(ModelFolder folder, WeightFormat format) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (Path file : folder.weightFiles(format)) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
            return new ModelIdentity(folder.dir().getFileName().toString(), HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new EvalException("Cannot read the weights of " + folder.dir() + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * A model behind an inference server, whose weights cannot be read: {@code name} as its replies name it
     * ({@code SERVED_MODEL@BACKEND}), and for a hash the SHA-256 of {@code backendJson} (the backend's name, URLs and
     * served model), so that runs pair up only on the same server and model.
     */
    public static ModelIdentity ofServer(String name, String backendJson) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(backendJson.getBytes(StandardCharsets.UTF_8));
            return new ModelIdentity(name, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The short form shown beside names: the first 12 hex digits. */
    public String shortHash() {
        return weightsHash.substring(0, Math.min(12, weightsHash.length()));
    }
}
