package org.together.launcher;

import java.nio.file.Path;

/**
 * The network secret the pseudonym vault is keyed with: {@code TOGETHER_PSEUDONYM_KEY} when set, otherwise generated
 * once and kept in {@code <data-dir>/pseudonym-key}, readable by its owner only. Losing it loses every participant's
 * pseudonym (docs/privacy.md): it is never printed, and belongs in the backups of the data dir.
 */
public final class PseudonymKey {

    public static final String FILE_NAME = "pseudonym-key";

    private PseudonymKey() {
    }

    public static KeptSecret resolve(String fromEnvironment, Path dataDir) {
        return KeptSecret.resolve(fromEnvironment, dataDir, FILE_NAME);
    }
}
