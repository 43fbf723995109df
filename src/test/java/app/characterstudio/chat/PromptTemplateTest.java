package app.characterstudio.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {
    @Test
    void defaultTemplateRendersTheTrainingLayoutExactly() {
        String prompt = PromptTemplate.characterDefault().render(new PromptTemplate.PromptParts(
                "三三", "user", "姓名：三三\n性格：活泼",
                List.of("user0:你好\n三三:你好呀", "user0:吃了吗\n三三:吃过啦"),
                List.of("user:今天天气怎么样")));
        String expected = "请你扮演“三三”与用户“user”进行对话。请注意：\n"
                + "1.请永远记住你正在扮演三三。\n"
                + "2.下文给出了一些三三与其他人物的对话，请参考给定对话中三三的语言风格，用一致性的语气与user进行对话。\n"
                + "3.如果给出了三三的人设，请保证三三的对话语气符合三三的人设。\n"
                + "\n"
                + "以下是一些三三的对话：\n"
                + "user0:你好\n三三:你好呀\n--------------------\nuser0:吃了吗\n三三:吃过啦\n"
                + "\n"
                + "以下是三三的人设：\n姓名：三三\n性格：活泼\n"
                + "\n"
                + "基于以上材料，请你扮演三三与user对话。结果只用返回一轮三三的回复。\n"
                + "user:今天天气怎么样\n"
                + "三三:";
        assertEquals(expected, prompt);
    }
}
