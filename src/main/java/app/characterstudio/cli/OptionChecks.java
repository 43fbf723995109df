package app.characterstudio.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks for numeric options: a value out of range is a usage error naming the option (exit code 2). */
final class OptionChecks {
    private OptionChecks() {
    }

    /** {@code value}, or a usage error saying {@code option} must be at least {@code min}. */
    static int atLeast(CommandSpec spec, String option, int value, int min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", was " + value
                    + (min == 1 ? " (0 would ask for nothing)" : "") + ".");
        }
        return value;
    }
}
