package org.together.launcher.run;

import java.util.List;
import org.together.launcher.EnvDefaults;
import picocli.CommandLine;

/**
 * The tokens an operator gives the services ({@code TOGETHER_ADMIN_TOKEN}, {@code TOGETHER_VIEWER_TOKEN},
 * {@code TOGETHER_METRICS_TOKEN}), checked before anything starts: one shorter than {@link #MIN_LENGTH} characters can
 * be guessed (review 18, finding 13). A blank variable counts as unset, as everywhere else.
 */
final class OperatorTokens {
    /** What a generated token (32 random bytes, 43 characters) easily passes, and a word or a name does not. */
    static final int MIN_LENGTH = 24;
    static final List<String> VARIABLES = List.of("TOGETHER_ADMIN_TOKEN", "TOGETHER_VIEWER_TOKEN", "TOGETHER_METRICS_TOKEN");

    private OperatorTokens() {
    }

    /** Refuses, as a usage error naming the variable, any of {@code variables} set to fewer than {@link #MIN_LENGTH} characters. */
    static void checked(CommandLine.Model.CommandSpec spec, EnvDefaults env, List<String> variables) {
        for (String variable : variables) {
            String token = env.get(variable);
            int length = token == null ? 0 : token.strip().length();
            if (length > 0 && length < MIN_LENGTH) {
                throw new CommandLine.ParameterException(spec.commandLine(), variable + " is " + length
                        + " characters long: a token needs at least " + MIN_LENGTH + ", so that it cannot be guessed;"
                        + " make one with: openssl rand -base64 32");
            }
        }
    }
}
