package org.together.launcher.run;

import org.together.ingest.pseudonyms.PseudonymKey;
import org.together.launcher.EnvDefaults;
import picocli.CommandLine;

/** {@code TOGETHER_PSEUDONYM_KEY}, when set, checked before anything starts: ingest would refuse it only after Kafka. */
final class PseudonymKeys {

    private PseudonymKeys() {
    }

    static void checked(CommandLine.Model.CommandSpec spec, EnvDefaults env) {
        String key = env.get("TOGETHER_PSEUDONYM_KEY");
        if (key == null) {
            return; // run generates one
        }
        try {
            new PseudonymKey(key);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
