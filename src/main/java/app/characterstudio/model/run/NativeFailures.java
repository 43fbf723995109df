package app.characterstudio.model.run;

import ai.djl.engine.EngineException;
import app.characterstudio.StudioException;
import app.characterstudio.model.ModelLoadException;
import java.util.Locale;

/** Turns native engine failures (PyTorch errors, allocation failures) into plain-words studio errors. */
final class NativeFailures {
    private NativeFailures() {
    }

    static RuntimeException whileLoading(Throwable e) {
        if (e instanceof StudioException studio) {
            return studio;
        }
        if (isOutOfMemory(e)) {
            return new ModelLoadException("not enough memory to load the model on this device ("
                    + firstLine(e) + "): try fp16, the CPU, or close other programs", e);
        }
        return new ModelLoadException("the engine failed while loading the model: " + firstLine(e), e);
    }

    static RuntimeException whileGenerating(Throwable e) {
        if (e instanceof StudioException studio) {
            return studio;
        }
        if (isOutOfMemory(e)) {
            return new GenerationException("out of memory while generating (" + firstLine(e)
                    + "): use fewer candidates, fewer new tokens or a shorter prompt", e);
        }
        return new GenerationException("the engine failed while generating: " + firstLine(e), e);
    }

    static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if ((t instanceof EngineException || t instanceof RuntimeException)
                    && (message.contains("out of memory") || message.contains("can't allocate")
                    || message.contains("not enough memory") || message.contains("defaultcpuallocator"))) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
