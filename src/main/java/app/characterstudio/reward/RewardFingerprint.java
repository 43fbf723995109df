package app.characterstudio.reward;

import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.WeightFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * SHA-256 over what decides a reward model's scores: its config, tokenizer, the weight files of the format it
 * was loaded from and the head's file, each preceded by its name. Reads every byte once (about as long as a cold
 * load from disk); two folders with the same files hash the same wherever they are.
 */
final class RewardFingerprint {
    private RewardFingerprint() {
    }

    static String of(ModelFolder folder, WeightFormat format, Path headFile) {
        Set<Path> files = new LinkedHashSet<>();
        files.add(folder.configFile());
        folder.tokenizer().ifPresent(files::add);
        files.addAll(folder.weightFiles(format));
        files.add(headFile);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (Path file : files) {
                digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read " + folder.dir() + " to fingerprint the reward model: "
                    + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
