package app.characterstudio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A late-night radio script where 林知夏 answers a listener whose cat is lost: retrieval's fixture. */
public final class RadioScript {
    private RadioScript() {
    }

    /** Writes it as {@code radio.txt} in {@code dir}. */
    public static Path write(Path dir) throws IOException {
        Path script = dir.resolve("radio.txt");
        Files.writeString(script, String.join("\n",
                "小满：今晚的节目几点开始？",
                "林知夏：十一点整，老时间。",
                "",
                "听众：我养的猫走丢了，三天没回家。",
                "林知夏：别急，猫认得回家的路，你在门口放一件有你味道的衣服。",
                "",
                "小满：台里的咖啡机又坏了。",
                "林知夏：那就喝茶吧。"), StandardCharsets.UTF_8);
        return script;
    }
}
